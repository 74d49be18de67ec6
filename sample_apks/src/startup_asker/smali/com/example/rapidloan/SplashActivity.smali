.class public Lcom/example/rapidloan/SplashActivity;
.super Landroid/app/Activity;
.source "SplashActivity.java"

# Launcher. onCreate asks for READ_CONTACTS, READ_SMS, READ_CALL_LOG and
# ACCESS_FINE_LOCATION in ONE request (androidx ActivityCompat, request code
# 100) before the user has done anything. onRequestPermissionsResult closes
# the app (finish) if any is denied, and kills the process (System.exit) on
# an unexpected request code.


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

    const/4 v0, 0x4
    new-array v0, v0, [Ljava/lang/String;
    const/4 v1, 0x0
    const-string v2, "android.permission.READ_CONTACTS"
    aput-object v2, v0, v1
    const/4 v1, 0x1
    const-string v2, "android.permission.READ_SMS"
    aput-object v2, v0, v1
    const/4 v1, 0x2
    const-string v2, "android.permission.READ_CALL_LOG"
    aput-object v2, v0, v1
    const/4 v1, 0x3
    const-string v2, "android.permission.ACCESS_FINE_LOCATION"
    aput-object v2, v0, v1

    const/16 v1, 0x64
    invoke-static {p0, v0, v1}, Landroidx/core/app/ActivityCompat;->requestPermissions(Landroid/app/Activity;[Ljava/lang/String;I)V

    return-void
.end method

.method public onRequestPermissionsResult(I[Ljava/lang/String;[I)V
    .registers 7
    # locals v0..v2 ; p0 = this, p1 = requestCode, p2 = permissions, p3 = grantResults

    invoke-super {p0, p1, p2, p3}, Landroid/app/Activity;->onRequestPermissionsResult(I[Ljava/lang/String;[I)V

    const/16 v0, 0x64
    if-eq p1, v0, :check_results

    # not our request: kill the process
    const/4 v0, 0x0
    invoke-static {v0}, Ljava/lang/System;->exit(I)V
    return-void

    :check_results
    array-length v0, p3
    if-eqz v0, :denied
    const/4 v1, 0x0

    :next_result
    if-ge v1, v0, :all_granted
    aget v2, p3, v1
    if-nez v2, :denied
    add-int/lit8 v1, v1, 0x1
    goto :next_result

    :all_granted
    new-instance v0, Landroid/content/Intent;
    const-class v1, Lcom/example/rapidloan/MainActivity;
    invoke-direct {v0, p0, v1}, Landroid/content/Intent;-><init>(Landroid/content/Context;Ljava/lang/Class;)V
    invoke-virtual {p0, v0}, Lcom/example/rapidloan/SplashActivity;->startActivity(Landroid/content/Intent;)V
    return-void

    :denied
    const-string v0, "\u5fc5\u987b\u6388\u4e88\u5168\u90e8\u6743\u9650\u624d\u80fd\u4f7f\u7528\u95ea\u7535\u501f"
    const/4 v1, 0x1
    invoke-static {p0, v0, v1}, Landroid/widget/Toast;->makeText(Landroid/content/Context;Ljava/lang/CharSequence;I)Landroid/widget/Toast;
    move-result-object v0
    invoke-virtual {v0}, Landroid/widget/Toast;->show()V
    invoke-virtual {p0}, Lcom/example/rapidloan/SplashActivity;->finish()V
    return-void
.end method
