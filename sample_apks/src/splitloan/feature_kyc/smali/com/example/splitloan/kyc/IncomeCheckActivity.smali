.class public Lcom/example/splitloan/kyc/IncomeCheckActivity;
.super Landroid/app/Activity;
.source "IncomeCheckActivity.java"

# Feature split "feature_kyc": the "income check" screen calls
# SmsIncomeScanner.readInbox.


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

    invoke-static {p0}, Lcom/example/splitloan/kyc/SmsIncomeScanner;->readInbox(Landroid/content/Context;)Ljava/lang/String;
    move-result-object v0

    new-instance v1, Landroid/widget/TextView;
    invoke-direct {v1, p0}, Landroid/widget/TextView;-><init>(Landroid/content/Context;)V
    invoke-virtual {v1, v0}, Landroid/widget/TextView;->setText(Ljava/lang/CharSequence;)V
    invoke-virtual {p0, v1}, Lcom/example/splitloan/kyc/IncomeCheckActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method
