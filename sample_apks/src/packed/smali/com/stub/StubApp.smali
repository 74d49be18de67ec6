.class public final Lcom/stub/StubApp;
.super Landroid/app/Application;
.source "StubApp.java"

# Stub application of the 360 Jiagu packer (the only class in classes.dex).
# attachBaseContext loads the packer's native library (libjiagu_a64.so on
# 64-bit ABIs, libjiagu.so otherwise) and hands over to native code, which
# decrypts and loads the real app. No personal-data API is visible here.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Application;-><init>()V

    return-void
.end method

.method public static native interface5(Landroid/app/Application;)V
.end method

.method private static is64Bit()Z
    .registers 1
    # local v0

    sget-object v0, Landroid/os/Build;->SUPPORTED_64_BIT_ABIS:[Ljava/lang/String;
    array-length v0, v0
    if-lez v0, :no
    const/4 v0, 0x1
    return v0

    :no
    const/4 v0, 0x0
    return v0
.end method


# virtual methods
.method protected attachBaseContext(Landroid/content/Context;)V
    .registers 3
    # local v0 ; p0 = this, p1 = base context

    invoke-super {p0, p1}, Landroid/app/Application;->attachBaseContext(Landroid/content/Context;)V

    invoke-static {}, Lcom/stub/StubApp;->is64Bit()Z
    move-result v0
    if-eqz v0, :arm32
    const-string v0, "jiagu_a64"
    goto :load

    :arm32
    const-string v0, "jiagu"

    :load
    invoke-static {v0}, Ljava/lang/System;->loadLibrary(Ljava/lang/String;)V

    invoke-static {p0}, Lcom/stub/StubApp;->interface5(Landroid/app/Application;)V

    return-void
.end method

.method public onCreate()V
    .registers 1

    invoke-super {p0}, Landroid/app/Application;->onCreate()V

    return-void
.end method
