.class public Lorg/npci/upi/security/services/CLServices;
.super Ljava/lang/Object;

# A stub of a bundled SDK class: enough for prefix attribution.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method
