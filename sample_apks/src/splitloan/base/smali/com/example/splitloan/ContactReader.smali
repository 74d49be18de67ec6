.class public final Lcom/example/splitloan/ContactReader;
.super Ljava/lang/Object;
.source "ContactReader.java"

# Base split: counts every phone contact (ContactsContract Phone.CONTENT_URI).


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static readAll(Landroid/content/Context;)I
    .registers 8
    # locals v0..v6 ; p0 = context

    invoke-virtual {p0}, Landroid/content/Context;->getContentResolver()Landroid/content/ContentResolver;
    move-result-object v0
    sget-object v1, Landroid/provider/ContactsContract$CommonDataKinds$Phone;->CONTENT_URI:Landroid/net/Uri;
    const/4 v2, 0x2
    new-array v2, v2, [Ljava/lang/String;
    const/4 v3, 0x0
    const-string v4, "display_name"
    aput-object v4, v2, v3
    const/4 v3, 0x1
    const-string v4, "data1"
    aput-object v4, v2, v3
    const/4 v3, 0x0
    const/4 v4, 0x0
    const/4 v5, 0x0
    invoke-virtual/range {v0 .. v5}, Landroid/content/ContentResolver;->query(Landroid/net/Uri;[Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;Ljava/lang/String;)Landroid/database/Cursor;
    move-result-object v0

    const/4 v6, 0x0
    if-eqz v0, :done
    invoke-interface {v0}, Landroid/database/Cursor;->getCount()I
    move-result v6
    invoke-interface {v0}, Landroid/database/Cursor;->close()V

    :done
    return v6
.end method
