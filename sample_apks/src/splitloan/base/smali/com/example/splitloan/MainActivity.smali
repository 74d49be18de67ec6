.class public Lcom/example/splitloan/MainActivity;
.super Landroid/app/Activity;
.source "MainActivity.java"

# Launcher of the base split: onCreate reads the contacts
# (ContactReader.readAll).


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Activity;-><init>()V

    return-void
.end method


# virtual methods
.method protected onCreate(Landroid/os/Bundle;)V
    .registers 4
    # locals v0, v1 ; p0 = this, p1 = savedInstanceState

    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V

    invoke-static {p0}, Lcom/example/splitloan/ContactReader;->readAll(Landroid/content/Context;)I
    move-result v0

    new-instance v1, Landroid/widget/TextView;
    invoke-direct {v1, p0}, Landroid/widget/TextView;-><init>(Landroid/content/Context;)V
    invoke-static {v0}, Ljava/lang/String;->valueOf(I)Ljava/lang/String;
    move-result-object v0
    invoke-virtual {v1, v0}, Landroid/widget/TextView;->setText(Ljava/lang/CharSequence;)V
    invoke-virtual {p0, v1}, Lcom/example/splitloan/MainActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method
