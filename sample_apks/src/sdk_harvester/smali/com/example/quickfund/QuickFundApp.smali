.class public Lcom/example/quickfund/QuickFundApp;
.super Landroid/app/Application;
.source "QuickFundApp.java"

# Application class: initialises the bundled Tongdun SDK (FMAgent.init). The
# app code itself reads no personal data.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Application;-><init>()V

    return-void
.end method


# virtual methods
.method public onCreate()V
    .registers 1
    # p0 = this

    invoke-super {p0}, Landroid/app/Application;->onCreate()V

    invoke-static {p0}, Lcn/tongdun/android/shell/FMAgent;->init(Landroid/content/Context;)V

    return-void
.end method
