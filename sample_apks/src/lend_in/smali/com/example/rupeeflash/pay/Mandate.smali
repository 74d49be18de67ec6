.class public Lcom/example/rupeeflash/pay/Mandate;
.super Ljava/lang/Object;

# Strings the app's code holds (never run).


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static hints()V
    .registers 1

    const-string v0, "upi://mandate?pa=rupeeflash@examplebank&pn=RupeeFlash&mode=04"
    const-string v0, "in.gov.uidai.rdservice.face.CAPTURE"

    return-void
.end method
