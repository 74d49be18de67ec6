.class public final Lcom/tencent/mm/opensdk/modelmsg/SendAuth;
.super Ljava/lang/Object;
.source "SendAuth.java"

# annotations
.annotation system Ldalvik/annotation/MemberClasses;
    value = {
        Lcom/tencent/mm/opensdk/modelmsg/SendAuth$Req;
    }
.end annotation


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method
