.class public Lcom/tencent/tauth/UiError;
.super Ljava/lang/Object;
.source "UiError.java"


# instance fields
.field public errorCode:I

.field public errorMessage:Ljava/lang/String;


# direct methods
.method public constructor <init>(ILjava/lang/String;)V
    .registers 3

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput p1, p0, Lcom/tencent/tauth/UiError;->errorCode:I
    iput-object p2, p0, Lcom/tencent/tauth/UiError;->errorMessage:Ljava/lang/String;

    return-void
.end method
