.class public Lcom/example/emicalc/EmiMath;
.super Ljava/lang/Object;

# The app's own code, an empty stub.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method
