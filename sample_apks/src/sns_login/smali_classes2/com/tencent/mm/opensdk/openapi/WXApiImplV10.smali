.class final Lcom/tencent/mm/opensdk/openapi/WXApiImplV10;
.super Ljava/lang/Object;
.source "WXApiImplV10.java"

# interfaces
.implements Lcom/tencent/mm/opensdk/openapi/IWXAPI;

# Stub of the WeChat OpenSDK implementation. registerApp() reads the IMEI
# (TelephonyManager.getDeviceId): SDK code collecting a device identifier.


# instance fields
.field private appId:Ljava/lang/String;

.field private final context:Landroid/content/Context;

.field private deviceId:Ljava/lang/String;


# direct methods
.method constructor <init>(Landroid/content/Context;Ljava/lang/String;)V
    .registers 3

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/tencent/mm/opensdk/openapi/WXApiImplV10;->context:Landroid/content/Context;
    iput-object p2, p0, Lcom/tencent/mm/opensdk/openapi/WXApiImplV10;->appId:Ljava/lang/String;

    return-void
.end method


# virtual methods
.method public handleIntent(Landroid/content/Intent;Lcom/tencent/mm/opensdk/openapi/IWXAPIEventHandler;)Z
    .registers 4

    const/4 v0, 0x0
    return v0
.end method

.method public isWXAppInstalled()Z
    .registers 4
    # locals v0..v2 ; p0 = this

    :try_start_0
    iget-object v0, p0, Lcom/tencent/mm/opensdk/openapi/WXApiImplV10;->context:Landroid/content/Context;
    invoke-virtual {v0}, Landroid/content/Context;->getPackageManager()Landroid/content/pm/PackageManager;
    move-result-object v0
    const-string v1, "com.tencent.mm"
    const/4 v2, 0x0
    invoke-virtual {v0, v1, v2}, Landroid/content/pm/PackageManager;->getPackageInfo(Ljava/lang/String;I)Landroid/content/pm/PackageInfo;
    :try_end_0
    .catch Landroid/content/pm/PackageManager$NameNotFoundException; {:try_start_0 .. :try_end_0} :catch_0

    const/4 v0, 0x1
    return v0

    :catch_0
    move-exception v0
    const/4 v0, 0x0
    return v0
.end method

.method public registerApp(Ljava/lang/String;)Z
    .registers 4
    # locals v0, v1 ; p0 = this, p1 = appId

    iput-object p1, p0, Lcom/tencent/mm/opensdk/openapi/WXApiImplV10;->appId:Ljava/lang/String;

    :try_start_0
    iget-object v0, p0, Lcom/tencent/mm/opensdk/openapi/WXApiImplV10;->context:Landroid/content/Context;
    const-string v1, "phone"
    invoke-virtual {v0, v1}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/telephony/TelephonyManager;
    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;
    move-result-object v0
    iput-object v0, p0, Lcom/tencent/mm/opensdk/openapi/WXApiImplV10;->deviceId:Ljava/lang/String;
    :try_end_0
    .catch Ljava/lang/SecurityException; {:try_start_0 .. :try_end_0} :catch_0

    :registered
    invoke-virtual {p0}, Lcom/tencent/mm/opensdk/openapi/WXApiImplV10;->isWXAppInstalled()Z
    move-result v0
    return v0

    :catch_0
    move-exception v0
    goto :registered
.end method

.method public sendReq(Lcom/tencent/mm/opensdk/modelbase/BaseReq;)Z
    .registers 5
    # locals v0..v2 ; p0 = this, p1 = request

    invoke-virtual {p0}, Lcom/tencent/mm/opensdk/openapi/WXApiImplV10;->isWXAppInstalled()Z
    move-result v0
    if-eqz v0, :not_installed

    new-instance v0, Landroid/content/Intent;
    invoke-direct {v0}, Landroid/content/Intent;-><init>()V
    const-string v1, "com.tencent.mm"
    const-string v2, "com.tencent.mm.plugin.base.stub.WXEntryActivity"
    invoke-virtual {v0, v1, v2}, Landroid/content/Intent;->setClassName(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;
    const-string v1, "_wxapi_basereq_transaction"
    iget-object v2, p1, Lcom/tencent/mm/opensdk/modelbase/BaseReq;->transaction:Ljava/lang/String;
    invoke-virtual {v0, v1, v2}, Landroid/content/Intent;->putExtra(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;
    const/high16 v1, 0x10000000
    invoke-virtual {v0, v1}, Landroid/content/Intent;->addFlags(I)Landroid/content/Intent;
    iget-object v1, p0, Lcom/tencent/mm/opensdk/openapi/WXApiImplV10;->context:Landroid/content/Context;
    invoke-virtual {v1, v0}, Landroid/content/Context;->startActivity(Landroid/content/Intent;)V

    const/4 v0, 0x1
    return v0

    :not_installed
    const/4 v0, 0x0
    return v0
.end method
