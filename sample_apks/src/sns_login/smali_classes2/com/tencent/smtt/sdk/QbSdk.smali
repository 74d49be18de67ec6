.class public Lcom/tencent/smtt/sdk/QbSdk;
.super Ljava/lang/Object;
.source "QbSdk.java"

# DECOY: Tencent X5 WebView kernel (com.tencent.smtt) - a browser engine,
# NOT a social-login SDK, even though it shares the com.tencent prefix.


# static fields
.field private static sInitialized:Z


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static initX5Environment(Landroid/content/Context;)V
    .registers 2

    const/4 v0, 0x1
    sput-boolean v0, Lcom/tencent/smtt/sdk/QbSdk;->sInitialized:Z

    return-void
.end method
