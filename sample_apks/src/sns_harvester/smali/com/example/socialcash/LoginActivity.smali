.class public Lcom/example/socialcash/LoginActivity;
.super Landroid/app/Activity;
.source "LoginActivity.java"

# interfaces
.implements Landroid/view/View$OnClickListener;

# Launcher: button 1 = WeChat login (scope snsapi_userinfo), 2 = QQ login
# (scope "all"), 3 = Weibo login (scope "all").


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

    new-instance v0, Landroid/widget/LinearLayout;
    invoke-direct {v0, p0}, Landroid/widget/LinearLayout;-><init>(Landroid/content/Context;)V
    const/4 v1, 0x1
    invoke-virtual {v0, v1}, Landroid/widget/LinearLayout;->setOrientation(I)V

    const/4 v1, 0x1

    :add_button
    const/4 v2, 0x3
    if-gt v1, v2, :buttons_done
    new-instance v2, Landroid/widget/Button;
    invoke-direct {v2, p0}, Landroid/widget/Button;-><init>(Landroid/content/Context;)V
    invoke-virtual {v2, v1}, Landroid/widget/Button;->setId(I)V
    invoke-virtual {v2, p0}, Landroid/widget/Button;->setOnClickListener(Landroid/view/View$OnClickListener;)V
    invoke-virtual {v0, v2}, Landroid/widget/LinearLayout;->addView(Landroid/view/View;)V
    add-int/lit8 v1, v1, 0x1
    goto :add_button

    :buttons_done
    invoke-virtual {p0, v0}, Lcom/example/socialcash/LoginActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method

.method public onClick(Landroid/view/View;)V
    .registers 4
    # locals v0, v1 ; p0 = this, p1 = view

    invoke-virtual {p1}, Landroid/view/View;->getId()I
    move-result v0
    const/4 v1, 0x1
    if-ne v0, v1, :not_wechat
    invoke-virtual {p0}, Lcom/example/socialcash/LoginActivity;->loginWithWeChat()V
    return-void

    :not_wechat
    const/4 v1, 0x2
    if-ne v0, v1, :weibo
    invoke-virtual {p0}, Lcom/example/socialcash/LoginActivity;->loginWithQQ()V
    return-void

    :weibo
    invoke-virtual {p0}, Lcom/example/socialcash/LoginActivity;->loginWithWeibo()V
    return-void
.end method

.method public loginWithWeChat()V
    .registers 4
    # locals v0..v2 ; p0 = this

    const-string v0, "wx8c3d0e61b9f2a417"
    invoke-static {p0, v0}, Lcom/tencent/mm/opensdk/openapi/WXAPIFactory;->createWXAPI(Landroid/content/Context;Ljava/lang/String;)Lcom/tencent/mm/opensdk/openapi/IWXAPI;
    move-result-object v1
    invoke-interface {v1, v0}, Lcom/tencent/mm/opensdk/openapi/IWXAPI;->registerApp(Ljava/lang/String;)Z

    new-instance v0, Lcom/tencent/mm/opensdk/modelmsg/SendAuth$Req;
    invoke-direct {v0}, Lcom/tencent/mm/opensdk/modelmsg/SendAuth$Req;-><init>()V
    const-string v2, "snsapi_userinfo"
    iput-object v2, v0, Lcom/tencent/mm/opensdk/modelmsg/SendAuth$Req;->scope:Ljava/lang/String;
    const-string v2, "socialcash_wx_login"
    iput-object v2, v0, Lcom/tencent/mm/opensdk/modelmsg/SendAuth$Req;->state:Ljava/lang/String;

    invoke-interface {v1, v0}, Lcom/tencent/mm/opensdk/openapi/IWXAPI;->sendReq(Lcom/tencent/mm/opensdk/modelbase/BaseReq;)Z

    return-void
.end method

.method public loginWithQQ()V
    .registers 4
    # locals v0..v2 ; p0 = this

    const-string v0, "1109876543"
    invoke-static {v0, p0}, Lcom/tencent/tauth/Tencent;->createInstance(Ljava/lang/String;Landroid/content/Context;)Lcom/tencent/tauth/Tencent;
    move-result-object v0

    const-string v1, "all"
    new-instance v2, Lcom/example/socialcash/QqLoginListener;
    invoke-direct {v2, p0}, Lcom/example/socialcash/QqLoginListener;-><init>(Landroid/app/Activity;)V
    invoke-virtual {v0, p0, v1, v2}, Lcom/tencent/tauth/Tencent;->login(Landroid/app/Activity;Ljava/lang/String;Lcom/tencent/tauth/IUiListener;)I

    return-void
.end method

.method public loginWithWeibo()V
    .registers 6
    # locals v0..v4 ; p0 = this

    new-instance v0, Lcom/sina/weibo/sdk/auth/AuthInfo;
    const-string v1, "3187654021"
    const-string v2, "https://api.socialcash.example/oauth/weibo/callback"
    const-string v3, "all"
    invoke-direct {v0, p0, v1, v2, v3}, Lcom/sina/weibo/sdk/auth/AuthInfo;-><init>(Landroid/content/Context;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V
    invoke-static {p0, v0}, Lcom/sina/weibo/sdk/WbSdk;->install(Landroid/content/Context;Lcom/sina/weibo/sdk/auth/AuthInfo;)V

    return-void
.end method
