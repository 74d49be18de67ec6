.class public final Lcom/facebook/fresco/FrescoImageLoader;
.super Ljava/lang/Object;
.source "FrescoImageLoader.java"

# DECOY: Fresco image-loading library (com.facebook.fresco) - NOT Facebook
# Login, even though it shares the com.facebook prefix.


# static fields
.field private static sContext:Landroid/content/Context;


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static initialize(Landroid/content/Context;)V
    .registers 2
    # local v0 ; p0 = context

    invoke-virtual {p0}, Landroid/content/Context;->getApplicationContext()Landroid/content/Context;
    move-result-object v0
    sput-object v0, Lcom/facebook/fresco/FrescoImageLoader;->sContext:Landroid/content/Context;

    return-void
.end method

.method public static isInitialized()Z
    .registers 1

    sget-object v0, Lcom/facebook/fresco/FrescoImageLoader;->sContext:Landroid/content/Context;
    if-eqz v0, :no
    const/4 v0, 0x1
    return v0

    :no
    const/4 v0, 0x0
    return v0
.end method
