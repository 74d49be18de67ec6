.class public final Lcom/example/socialcash/QqLoginListener;
.super Ljava/lang/Object;
.source "QqLoginListener.java"

# interfaces
.implements Lcom/tencent/tauth/IUiListener;

# QQ login callback: closes the login screen on success.


# instance fields
.field private final activity:Landroid/app/Activity;


# direct methods
.method public constructor <init>(Landroid/app/Activity;)V
    .registers 2

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/socialcash/QqLoginListener;->activity:Landroid/app/Activity;

    return-void
.end method


# virtual methods
.method public onCancel()V
    .registers 1

    return-void
.end method

.method public onComplete(Ljava/lang/Object;)V
    .registers 3
    # local v0 ; p0 = this, p1 = response

    iget-object v0, p0, Lcom/example/socialcash/QqLoginListener;->activity:Landroid/app/Activity;
    invoke-virtual {v0}, Landroid/app/Activity;->finish()V

    return-void
.end method

.method public onError(Lcom/tencent/tauth/UiError;)V
    .registers 2

    return-void
.end method
