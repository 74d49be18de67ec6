.class public Lcom/example/h5loan/MainActivity;
.super Landroid/app/Activity;
.source "MainActivity.java"

# The whole app: a WebView with JavaScript on, one bridge object named "LoanBridge", a local page, and a
# remote page over plain http when a notification reopens the activity (onNewIntent).


# instance fields
.field private web:Landroid/webkit/WebView;


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Activity;-><init>()V

    return-void
.end method


# virtual methods
.method protected onCreate(Landroid/os/Bundle;)V
    .registers 5
    # locals v0..v2 ; p0 = this, p1 = saved state

    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V

    new-instance v0, Landroid/webkit/WebView;

    invoke-direct {v0, p0}, Landroid/webkit/WebView;-><init>(Landroid/content/Context;)V

    iput-object v0, p0, Lcom/example/h5loan/MainActivity;->web:Landroid/webkit/WebView;

    invoke-virtual {v0}, Landroid/webkit/WebView;->getSettings()Landroid/webkit/WebSettings;

    move-result-object v1

    const/4 v2, 0x1

    invoke-virtual {v1, v2}, Landroid/webkit/WebSettings;->setJavaScriptEnabled(Z)V

    new-instance v1, Lcom/example/h5loan/LoanBridge;

    invoke-direct {v1, p0}, Lcom/example/h5loan/LoanBridge;-><init>(Landroid/content/Context;)V

    const-string v2, "LoanBridge"

    invoke-virtual {v0, v1, v2}, Landroid/webkit/WebView;->addJavascriptInterface(Ljava/lang/Object;Ljava/lang/String;)V

    const-string v2, "file:///android_asset/h5/index.html"

    invoke-virtual {v0, v2}, Landroid/webkit/WebView;->loadUrl(Ljava/lang/String;)V

    invoke-virtual {p0, v0}, Lcom/example/h5loan/MainActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method

.method protected onNewIntent(Landroid/content/Intent;)V
    .registers 4
    # locals v0, v1 ; p0 = this, p1 = intent

    invoke-super {p0, p1}, Landroid/app/Activity;->onNewIntent(Landroid/content/Intent;)V

    iget-object v0, p0, Lcom/example/h5loan/MainActivity;->web:Landroid/webkit/WebView;

    const-string v1, "http://h5.h5loan.example/offers"

    invoke-virtual {v0, v1}, Landroid/webkit/WebView;->loadUrl(Ljava/lang/String;)V

    return-void
.end method
