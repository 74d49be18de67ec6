.class public Lcom/example/jiekuanbao/ui/HuanKuanActivity;
.super Landroid/app/Activity;

# An empty screen: only its name matters here.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Activity;-><init>()V

    return-void
.end method
