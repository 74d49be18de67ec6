.class public abstract Lcom/tencent/mm/opensdk/modelbase/BaseResp;
.super Ljava/lang/Object;
.source "BaseResp.java"


# instance fields
.field public errCode:I

.field public errStr:Ljava/lang/String;


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method
