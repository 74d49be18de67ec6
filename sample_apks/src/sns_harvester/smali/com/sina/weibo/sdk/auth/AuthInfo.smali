.class public Lcom/sina/weibo/sdk/auth/AuthInfo;
.super Ljava/lang/Object;
.source "AuthInfo.java"

# Stub of the Weibo SDK auth parameters (bundled SDK code): app key, redirect
# URL and the OAuth scope.


# instance fields
.field private final mAppKey:Ljava/lang/String;

.field private final mPackageName:Ljava/lang/String;

.field private final mRedirectUrl:Ljava/lang/String;

.field private final mScope:Ljava/lang/String;


# direct methods
.method public constructor <init>(Landroid/content/Context;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V
    .registers 6
    # local v0 ; p0 = this, p1 = context, p2 = appKey, p3 = redirectUrl, p4 = scope

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p2, p0, Lcom/sina/weibo/sdk/auth/AuthInfo;->mAppKey:Ljava/lang/String;
    iput-object p3, p0, Lcom/sina/weibo/sdk/auth/AuthInfo;->mRedirectUrl:Ljava/lang/String;
    iput-object p4, p0, Lcom/sina/weibo/sdk/auth/AuthInfo;->mScope:Ljava/lang/String;
    invoke-virtual {p1}, Landroid/content/Context;->getPackageName()Ljava/lang/String;
    move-result-object v0
    iput-object v0, p0, Lcom/sina/weibo/sdk/auth/AuthInfo;->mPackageName:Ljava/lang/String;

    return-void
.end method


# virtual methods
.method public getScope()Ljava/lang/String;
    .registers 2

    iget-object v0, p0, Lcom/sina/weibo/sdk/auth/AuthInfo;->mScope:Ljava/lang/String;
    return-object v0
.end method
