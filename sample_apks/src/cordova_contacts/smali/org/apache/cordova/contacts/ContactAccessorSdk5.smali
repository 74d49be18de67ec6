.class public Lorg/apache/cordova/contacts/ContactAccessorSdk5;
.super Ljava/lang/Object;
.source "ContactAccessorSdk5.java"

# The native read behind navigator.contacts.find: a query on ContactsContract.Data.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static search(Landroid/content/Context;)I
    .registers 8
    # locals v0..v6 ; p0 = context

    invoke-virtual {p0}, Landroid/content/Context;->getContentResolver()Landroid/content/ContentResolver;

    move-result-object v0

    sget-object v1, Landroid/provider/ContactsContract$Data;->CONTENT_URI:Landroid/net/Uri;

    const/4 v2, 0x0

    const/4 v3, 0x0

    const/4 v4, 0x0

    const/4 v5, 0x0

    invoke-virtual/range {v0 .. v5}, Landroid/content/ContentResolver;->query(Landroid/net/Uri;[Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;Ljava/lang/String;)Landroid/database/Cursor;

    move-result-object v0

    if-nez v0, :has

    const/4 v6, 0x0

    return v6

    :has
    invoke-interface {v0}, Landroid/database/Cursor;->getCount()I

    move-result v6

    invoke-interface {v0}, Landroid/database/Cursor;->close()V

    return v6
.end method
