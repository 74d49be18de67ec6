.class public interface abstract Lcom/tencent/tauth/IUiListener;
.super Ljava/lang/Object;
.source "IUiListener.java"


# virtual methods
.method public abstract onCancel()V
.end method

.method public abstract onComplete(Ljava/lang/Object;)V
.end method

.method public abstract onError(Lcom/tencent/tauth/UiError;)V
.end method
