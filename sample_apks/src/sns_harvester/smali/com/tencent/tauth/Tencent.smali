.class public Lcom/tencent/tauth/Tencent;
.super Ljava/lang/Object;
.source "Tencent.java"

# Stub of the QQ Connect SDK entry point (bundled SDK code).


# instance fields
.field private final mAppId:Ljava/lang/String;

.field private final mContext:Landroid/content/Context;

.field private mScope:Ljava/lang/String;


# direct methods
.method private constructor <init>(Ljava/lang/String;Landroid/content/Context;)V
    .registers 3

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/tencent/tauth/Tencent;->mAppId:Ljava/lang/String;
    iput-object p2, p0, Lcom/tencent/tauth/Tencent;->mContext:Landroid/content/Context;

    return-void
.end method

.method public static createInstance(Ljava/lang/String;Landroid/content/Context;)Lcom/tencent/tauth/Tencent;
    .registers 3
    # local v0 ; p0 = appId, p1 = context

    new-instance v0, Lcom/tencent/tauth/Tencent;
    invoke-direct {v0, p0, p1}, Lcom/tencent/tauth/Tencent;-><init>(Ljava/lang/String;Landroid/content/Context;)V

    return-object v0
.end method


# virtual methods
.method public login(Landroid/app/Activity;Ljava/lang/String;Lcom/tencent/tauth/IUiListener;)I
    .registers 5
    # local v0 ; p0 = this, p1 = activity, p2 = scope, p3 = listener

    iput-object p2, p0, Lcom/tencent/tauth/Tencent;->mScope:Ljava/lang/String;
    const/4 v0, 0x0

    return v0
.end method
