.class public Lcom/sina/weibo/sdk/WbSdk;
.super Ljava/lang/Object;
.source "WbSdk.java"

# Stub of the Weibo SDK initialiser (bundled SDK code).


# static fields
.field private static sAuthInfo:Lcom/sina/weibo/sdk/auth/AuthInfo;


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static install(Landroid/content/Context;Lcom/sina/weibo/sdk/auth/AuthInfo;)V
    .registers 2
    # p0 = context, p1 = authInfo

    sput-object p1, Lcom/sina/weibo/sdk/WbSdk;->sAuthInfo:Lcom/sina/weibo/sdk/auth/AuthInfo;

    return-void
.end method
