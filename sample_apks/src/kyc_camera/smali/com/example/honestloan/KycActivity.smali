.class public Lcom/example/honestloan/KycActivity;
.super Landroid/app/Activity;
.source "KycActivity.java"

# KYC step (reached from LoanApplyActivity, not the launcher). onResume asks
# for CAMERA alone, once, with the framework Activity.requestPermissions
# (request code 42). If it is refused, onRequestPermissionsResult shows an
# explanation and the screen stays open (no finish, no exit).


# instance fields
.field private asked:Z

.field private camera:Landroid/hardware/Camera;


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

    new-instance v0, Landroid/widget/TextView;
    invoke-direct {v0, p0}, Landroid/widget/TextView;-><init>(Landroid/content/Context;)V
    const-string v1, "Photograph your ID card / \u62cd\u6444\u8eab\u4efd\u8bc1"
    invoke-virtual {v0, v1}, Landroid/widget/TextView;->setText(Ljava/lang/CharSequence;)V
    invoke-virtual {p0, v0}, Lcom/example/honestloan/KycActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method

.method protected onResume()V
    .registers 4
    # locals v0..v2 ; p0 = this

    invoke-super {p0}, Landroid/app/Activity;->onResume()V

    const-string v0, "android.permission.CAMERA"
    invoke-virtual {p0, v0}, Landroid/content/Context;->checkSelfPermission(Ljava/lang/String;)I
    move-result v1
    if-nez v1, :granted

    iget-boolean v1, p0, Lcom/example/honestloan/KycActivity;->asked:Z
    if-nez v1, :already_asked
    const/4 v1, 0x1
    iput-boolean v1, p0, Lcom/example/honestloan/KycActivity;->asked:Z

    const/4 v1, 0x1
    new-array v1, v1, [Ljava/lang/String;
    const/4 v2, 0x0
    aput-object v0, v1, v2
    const/16 v2, 0x2a
    invoke-virtual {p0, v1, v2}, Landroid/app/Activity;->requestPermissions([Ljava/lang/String;I)V

    :already_asked
    return-void

    :granted
    invoke-virtual {p0}, Lcom/example/honestloan/KycActivity;->openCamera()V
    return-void
.end method

.method public onRequestPermissionsResult(I[Ljava/lang/String;[I)V
    .registers 7
    # locals v0..v2 ; p0 = this, p1 = requestCode, p2 = permissions, p3 = grantResults

    invoke-super {p0, p1, p2, p3}, Landroid/app/Activity;->onRequestPermissionsResult(I[Ljava/lang/String;[I)V

    const/16 v0, 0x2a
    if-ne p1, v0, :done

    array-length v0, p3
    if-eqz v0, :denied
    const/4 v0, 0x0
    aget v0, p3, v0
    if-nez v0, :denied
    invoke-virtual {p0}, Lcom/example/honestloan/KycActivity;->openCamera()V
    return-void

    :denied
    const-string v0, "\u76f8\u673a\u4ec5\u7528\u4e8e\u62cd\u6444\u8eab\u4efd\u8bc1\u3002\u60a8\u4e5f\u53ef\u4ee5\u7a0d\u540e\u5230\u7f51\u70b9\u63d0\u4ea4\u7167\u7247\u3002"
    const/4 v1, 0x1
    invoke-static {p0, v0, v1}, Landroid/widget/Toast;->makeText(Landroid/content/Context;Ljava/lang/CharSequence;I)Landroid/widget/Toast;
    move-result-object v2
    invoke-virtual {v2}, Landroid/widget/Toast;->show()V

    :done
    return-void
.end method

.method public openCamera()V
    .registers 2
    # local v0 ; p0 = this

    iget-object v0, p0, Lcom/example/honestloan/KycActivity;->camera:Landroid/hardware/Camera;
    if-nez v0, :done
    invoke-static {}, Landroid/hardware/Camera;->open()Landroid/hardware/Camera;
    move-result-object v0
    iput-object v0, p0, Lcom/example/honestloan/KycActivity;->camera:Landroid/hardware/Camera;

    :done
    return-void
.end method

.method protected onPause()V
    .registers 2
    # local v0 ; p0 = this

    invoke-super {p0}, Landroid/app/Activity;->onPause()V

    iget-object v0, p0, Lcom/example/honestloan/KycActivity;->camera:Landroid/hardware/Camera;
    if-eqz v0, :done
    invoke-virtual {v0}, Landroid/hardware/Camera;->release()V
    const/4 v0, 0x0
    iput-object v0, p0, Lcom/example/honestloan/KycActivity;->camera:Landroid/hardware/Camera;

    :done
    return-void
.end method
