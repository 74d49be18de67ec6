.class public Lcom/example/weloan/LoginActivity;
.super Landroid/app/Activity;
.source "LoginActivity.java"

# interfaces
.implements Landroid/view/View$OnClickListener;

# Launcher: button id 1 = WeChat login, id 2 = QQ login. Also initialises two
# non-social Tencent/Facebook libraries (X5 WebView, Fresco) as decoys.


# static fields
.field public static final QQ_APP_ID:Ljava/lang/String; = "1106123456"

.field public static final WX_APP_ID:Ljava/lang/String; = "wx5f1a9c3e7d2b4a60"


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Activity;-><init>()V

    return-void
.end method


# virtual methods
.method protected onCreate(Landroid/os/Bundle;)V
    .registers 5
    # locals v0..v2 ; p0 = this, p1 = savedInstanceState

    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V

    # decoys: X5 WebView (com.tencent.smtt) and Fresco (com.facebook.fresco)
    invoke-static {p0}, Lcom/tencent/smtt/sdk/QbSdk;->initX5Environment(Landroid/content/Context;)V
    invoke-static {p0}, Lcom/facebook/fresco/FrescoImageLoader;->initialize(Landroid/content/Context;)V

    new-instance v0, Landroid/widget/LinearLayout;
    invoke-direct {v0, p0}, Landroid/widget/LinearLayout;-><init>(Landroid/content/Context;)V

    new-instance v1, Landroid/widget/Button;
    invoke-direct {v1, p0}, Landroid/widget/Button;-><init>(Landroid/content/Context;)V
    const/4 v2, 0x1
    invoke-virtual {v1, v2}, Landroid/widget/Button;->setId(I)V
    invoke-virtual {v1, p0}, Landroid/widget/Button;->setOnClickListener(Landroid/view/View$OnClickListener;)V
    invoke-virtual {v0, v1}, Landroid/widget/LinearLayout;->addView(Landroid/view/View;)V

    new-instance v1, Landroid/widget/Button;
    invoke-direct {v1, p0}, Landroid/widget/Button;-><init>(Landroid/content/Context;)V
    const/4 v2, 0x2
    invoke-virtual {v1, v2}, Landroid/widget/Button;->setId(I)V
    invoke-virtual {v1, p0}, Landroid/widget/Button;->setOnClickListener(Landroid/view/View$OnClickListener;)V
    invoke-virtual {v0, v1}, Landroid/widget/LinearLayout;->addView(Landroid/view/View;)V

    invoke-virtual {p0, v0}, Lcom/example/weloan/LoginActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method

.method public onClick(Landroid/view/View;)V
    .registers 4
    # locals v0, v1 ; p0 = this, p1 = view

    invoke-virtual {p1}, Landroid/view/View;->getId()I
    move-result v0
    const/4 v1, 0x1
    if-ne v0, v1, :qq
    invoke-virtual {p0}, Lcom/example/weloan/LoginActivity;->loginWithWeChat()V
    return-void

    :qq
    invoke-virtual {p0}, Lcom/example/weloan/LoginActivity;->loginWithQQ()V
    return-void
.end method

.method public loginWithWeChat()V
    .registers 4
    # locals v0..v2 ; p0 = this

    const-string v0, "wx5f1a9c3e7d2b4a60"
    invoke-static {p0, v0}, Lcom/tencent/mm/opensdk/openapi/WXAPIFactory;->createWXAPI(Landroid/content/Context;Ljava/lang/String;)Lcom/tencent/mm/opensdk/openapi/IWXAPI;
    move-result-object v1
    invoke-interface {v1, v0}, Lcom/tencent/mm/opensdk/openapi/IWXAPI;->registerApp(Ljava/lang/String;)Z

    new-instance v0, Lcom/tencent/mm/opensdk/modelmsg/SendAuth$Req;
    invoke-direct {v0}, Lcom/tencent/mm/opensdk/modelmsg/SendAuth$Req;-><init>()V
    const-string v2, "snsapi_userinfo"
    iput-object v2, v0, Lcom/tencent/mm/opensdk/modelmsg/SendAuth$Req;->scope:Ljava/lang/String;
    const-string v2, "weloan_wx_login"
    iput-object v2, v0, Lcom/tencent/mm/opensdk/modelmsg/SendAuth$Req;->state:Ljava/lang/String;

    invoke-interface {v1, v0}, Lcom/tencent/mm/opensdk/openapi/IWXAPI;->sendReq(Lcom/tencent/mm/opensdk/modelbase/BaseReq;)Z

    return-void
.end method

.method public loginWithQQ()V
    .registers 4
    # locals v0..v2 ; p0 = this

    const-string v0, "1106123456"
    invoke-static {v0, p0}, Lcom/tencent/tauth/Tencent;->createInstance(Ljava/lang/String;Landroid/content/Context;)Lcom/tencent/tauth/Tencent;
    move-result-object v0

    const-string v1, "get_simple_userinfo,get_user_info"
    new-instance v2, Lcom/example/weloan/QqAuthListener;
    invoke-direct {v2, p0}, Lcom/example/weloan/QqAuthListener;-><init>(Landroid/app/Activity;)V
    invoke-virtual {v0, p0, v1, v2}, Lcom/tencent/tauth/Tencent;->login(Landroid/app/Activity;Ljava/lang/String;Lcom/tencent/tauth/IUiListener;)I

    return-void
.end method
