.class public Lcom/example/cordloan/MainActivity;
.super Lorg/apache/cordova/CordovaActivity;
.source "MainActivity.java"


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Lorg/apache/cordova/CordovaActivity;-><init>()V

    return-void
.end method


# virtual methods
.method protected onCreate(Landroid/os/Bundle;)V
    .registers 3

    invoke-super {p0, p1}, Lorg/apache/cordova/CordovaActivity;->onCreate(Landroid/os/Bundle;)V

    const-string v0, "file:///android_asset/www/index.html"

    invoke-virtual {p0, v0}, Lcom/example/cordloan/MainActivity;->loadUrl(Ljava/lang/String;)V

    return-void
.end method
