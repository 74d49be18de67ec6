.class public final Lcom/example/steadyloan/Telemetry;
.super Ljava/lang/Object;
.source "Telemetry.java"

# New in 1.1: sends the SDK's device profile to a cleartext endpoint,
# http://collect.steadyloan.example/c.


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static report()I
    .registers 2
    # locals v0, v1

    invoke-static {}, Lcom/ishumei/smantifraud/SmAntiFraud;->getDeviceId()Ljava/lang/String;
    move-result-object v0
    const-string v1, "http://collect.steadyloan.example/c"
    invoke-static {v1, v0}, Lcom/example/steadyloan/LoanApi;->post(Ljava/lang/String;Ljava/lang/String;)I
    move-result v0

    return v0
.end method
