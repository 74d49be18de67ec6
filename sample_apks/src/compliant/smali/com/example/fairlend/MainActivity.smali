.class public Lcom/example/fairlend/MainActivity;
.super Landroid/app/Activity;
.source "MainActivity.java"

# interfaces
.implements Landroid/view/View$OnClickListener;

# Five buttons (ids 1..5) dispatch to the system pickers, the SMS Retriever
# API, the camera app and the application upload; plus an instalment preview.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Activity;-><init>()V

    return-void
.end method


# virtual methods
.method protected onCreate(Landroid/os/Bundle;)V
    .registers 7
    # locals v0..v4 ; p0 = this, p1 = savedInstanceState

    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V

    new-instance v0, Landroid/widget/LinearLayout;
    invoke-direct {v0, p0}, Landroid/widget/LinearLayout;-><init>(Landroid/content/Context;)V
    const/4 v1, 0x1
    invoke-virtual {v0, v1}, Landroid/widget/LinearLayout;->setOrientation(I)V

    const/4 v1, 0x1

    :add_button
    const/4 v2, 0x5
    if-gt v1, v2, :buttons_done
    new-instance v2, Landroid/widget/Button;
    invoke-direct {v2, p0}, Landroid/widget/Button;-><init>(Landroid/content/Context;)V
    invoke-virtual {v2, v1}, Landroid/widget/Button;->setId(I)V
    invoke-virtual {v2, p0}, Landroid/widget/Button;->setOnClickListener(Landroid/view/View$OnClickListener;)V
    invoke-virtual {v0, v2}, Landroid/widget/LinearLayout;->addView(Landroid/view/View;)V
    add-int/lit8 v1, v1, 0x1
    goto :add_button

    :buttons_done
    # instalment preview: 10,000.00 over 12 months at 18.00 % flat
    const-wide/32 v1, 0xf4240
    const/16 v3, 0x708
    const/16 v4, 0xc
    invoke-static {v1, v2, v3, v4}, Lcom/example/fairlend/LoanCalculator;->monthlyInstalment(JII)J
    move-result-wide v1
    invoke-static {v1, v2}, Ljava/lang/String;->valueOf(J)Ljava/lang/String;
    move-result-object v1
    new-instance v2, Landroid/widget/TextView;
    invoke-direct {v2, p0}, Landroid/widget/TextView;-><init>(Landroid/content/Context;)V
    invoke-virtual {v2, v1}, Landroid/widget/TextView;->setText(Ljava/lang/CharSequence;)V
    invoke-virtual {v0, v2}, Landroid/widget/LinearLayout;->addView(Landroid/view/View;)V

    invoke-static {}, Lcom/example/fairlend/LoanCalculator;->firstDueDate()J

    invoke-virtual {p0, v0}, Lcom/example/fairlend/MainActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method

.method public onClick(Landroid/view/View;)V
    .registers 4
    # local v0 ; p0 = this, p1 = view

    invoke-virtual {p1}, Landroid/view/View;->getId()I
    move-result v0
    packed-switch v0, :switch_data

    return-void

    :reference
    invoke-static {p0}, Lcom/example/fairlend/ReferencePicker;->pick(Landroid/app/Activity;)V
    return-void

    :otp
    invoke-static {p0}, Lcom/example/fairlend/OtpHelper;->start(Landroid/content/Context;)V
    return-void

    :camera
    invoke-static {p0}, Lcom/example/fairlend/KycCamera;->capture(Landroid/app/Activity;)V
    return-void

    :photo
    invoke-static {p0}, Lcom/example/fairlend/DocumentPicker;->pickImage(Landroid/app/Activity;)V
    return-void

    :submit
    const-string v0, "{\"amount\":1000000,\"termMonths\":12}"
    invoke-static {v0}, Lcom/example/fairlend/ApiClient;->submitApplication(Ljava/lang/String;)I
    return-void

    :switch_data
    .packed-switch 0x1
        :reference
        :otp
        :camera
        :photo
        :submit
    .end packed-switch
.end method
