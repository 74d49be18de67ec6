.class public Lcom/example/kreditpintar/MainActivity;
.super Lcom/example/kreditpintar/BaseActivity;
.source "MainActivity.java"

# Launcher. Shows a text and asks for nothing.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Lcom/example/kreditpintar/BaseActivity;-><init>()V

    return-void
.end method


# virtual methods
.method protected onCreate(Landroid/os/Bundle;)V
    .registers 4
    # locals v0, v1 ; p0 = this, p1 = savedInstanceState

    invoke-super {p0, p1}, Lcom/example/kreditpintar/BaseActivity;->onCreate(Landroid/os/Bundle;)V

    new-instance v0, Landroid/widget/TextView;
    invoke-direct {v0, p0}, Landroid/widget/TextView;-><init>(Landroid/content/Context;)V
    const-string v1, "Pinjaman cepat / \u5feb\u901f\u501f\u6b3e"
    invoke-virtual {v0, v1}, Landroid/widget/TextView;->setText(Ljava/lang/CharSequence;)V
    invoke-virtual {p0, v0}, Lcom/example/kreditpintar/MainActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method
