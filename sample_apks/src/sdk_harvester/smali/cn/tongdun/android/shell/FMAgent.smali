.class public final Lcn/tongdun/android/shell/FMAgent;
.super Ljava/lang/Object;
.source "FMAgent.java"

# Stub of the Tongdun (同盾) fraud-detection SDK entry point (bundled SDK
# code). init() starts the internal DeviceCollector; onEvent() returns the
# "black box" token the app attaches to its loan application.


# static fields
.field private static sCollector:Lcn/tongdun/android/core/DeviceCollector;


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static init(Landroid/content/Context;)V
    .registers 3
    # locals v0, v1 ; p0 = context

    invoke-virtual {p0}, Landroid/content/Context;->getApplicationContext()Landroid/content/Context;
    move-result-object v1
    new-instance v0, Lcn/tongdun/android/core/DeviceCollector;
    invoke-direct {v0, v1}, Lcn/tongdun/android/core/DeviceCollector;-><init>(Landroid/content/Context;)V
    sput-object v0, Lcn/tongdun/android/shell/FMAgent;->sCollector:Lcn/tongdun/android/core/DeviceCollector;

    invoke-virtual {v0}, Lcn/tongdun/android/core/DeviceCollector;->collectAndUpload()I

    return-void
.end method

.method public static onEvent(Landroid/content/Context;)Ljava/lang/String;
    .registers 2
    # local v0 ; p0 = context

    sget-object v0, Lcn/tongdun/android/shell/FMAgent;->sCollector:Lcn/tongdun/android/core/DeviceCollector;
    if-nez v0, :ready
    const-string v0, ""
    return-object v0

    :ready
    invoke-virtual {v0}, Lcn/tongdun/android/core/DeviceCollector;->getBlackBox()Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method
