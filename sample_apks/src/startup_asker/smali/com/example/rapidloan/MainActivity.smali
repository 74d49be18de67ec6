.class public Lcom/example/rapidloan/MainActivity;
.super Landroid/app/Activity;
.source "MainActivity.java"

# interfaces
.implements Landroid/view/View$OnClickListener;

# Home screen: button 1 applies for a loan (ApiClient.applyForLoan, then
# ApiClient.upload over cleartext), button 2 opens the
# privacy policy in the browser.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Activity;-><init>()V

    return-void
.end method


# virtual methods
.method protected onCreate(Landroid/os/Bundle;)V
    .registers 5
    # locals v0..v2 ; p0 = this, p1 = savedInstanceState

    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V

    new-instance v0, Landroid/widget/LinearLayout;
    invoke-direct {v0, p0}, Landroid/widget/LinearLayout;-><init>(Landroid/content/Context;)V

    new-instance v1, Landroid/widget/Button;
    invoke-direct {v1, p0}, Landroid/widget/Button;-><init>(Landroid/content/Context;)V
    const/4 v2, 0x1
    invoke-virtual {v1, v2}, Landroid/widget/Button;->setId(I)V
    invoke-virtual {v1, p0}, Landroid/widget/Button;->setOnClickListener(Landroid/view/View$OnClickListener;)V
    invoke-virtual {v0, v1}, Landroid/widget/LinearLayout;->addView(Landroid/view/View;)V

    new-instance v1, Landroid/widget/Button;
    invoke-direct {v1, p0}, Landroid/widget/Button;-><init>(Landroid/content/Context;)V
    const/4 v2, 0x2
    invoke-virtual {v1, v2}, Landroid/widget/Button;->setId(I)V
    invoke-virtual {v1, p0}, Landroid/widget/Button;->setOnClickListener(Landroid/view/View$OnClickListener;)V
    invoke-virtual {v0, v1}, Landroid/widget/LinearLayout;->addView(Landroid/view/View;)V

    invoke-virtual {p0, v0}, Lcom/example/rapidloan/MainActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method

.method public onClick(Landroid/view/View;)V
    .registers 5
    # locals v0..v2 ; p0 = this, p1 = view

    invoke-virtual {p1}, Landroid/view/View;->getId()I
    move-result v0
    const/4 v1, 0x1
    if-ne v0, v1, :privacy
    const-string v0, "{\"amount\":300000,\"days\":7}"
    invoke-static {v0}, Lcom/example/rapidloan/ApiClient;->applyForLoan(Ljava/lang/String;)I
    invoke-static {v0}, Lcom/example/rapidloan/ApiClient;->upload(Ljava/lang/String;)I
    return-void

    :privacy
    new-instance v0, Landroid/content/Intent;
    const-string v1, "android.intent.action.VIEW"
    const-string v2, "https://rapidloan.example/privacy"
    invoke-static {v2}, Landroid/net/Uri;->parse(Ljava/lang/String;)Landroid/net/Uri;
    move-result-object v2
    invoke-direct {v0, v1, v2}, Landroid/content/Intent;-><init>(Ljava/lang/String;Landroid/net/Uri;)V
    invoke-virtual {p0, v0}, Lcom/example/rapidloan/MainActivity;->startActivity(Landroid/content/Intent;)V
    return-void
.end method
