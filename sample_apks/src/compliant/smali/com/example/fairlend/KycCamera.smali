.class public final Lcom/example/fairlend/KycCamera;
.super Ljava/lang/Object;
.source "KycCamera.java"

# ID-card photo for KYC through the system camera app (IMAGE_CAPTURE intent).


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static capture(Landroid/app/Activity;)V
    .registers 3
    # locals v0, v1 ; p0 = activity

    new-instance v0, Landroid/content/Intent;
    const-string v1, "android.media.action.IMAGE_CAPTURE"
    invoke-direct {v0, v1}, Landroid/content/Intent;-><init>(Ljava/lang/String;)V

    const/16 v1, 0x66
    invoke-virtual {p0, v0, v1}, Landroid/app/Activity;->startActivityForResult(Landroid/content/Intent;I)V

    return-void
.end method
