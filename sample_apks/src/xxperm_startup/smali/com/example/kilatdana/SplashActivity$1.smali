.class Lcom/example/kilatdana/SplashActivity$1;
.super Ljava/lang/Object;
.source "SplashActivity.java"

# Anonymous OnPermissionCallback created in SplashActivity.onCreate (javac shape): the
# EnclosingMethod annotation names the source method, InnerClass has name = null (anonymous),
# and the synthetic field this$0 holds the outer SplashActivity. onDenied closes the app.

# interfaces
.implements Lcom/hjq/permissions/OnPermissionCallback;


# annotations
.annotation system Ldalvik/annotation/EnclosingMethod;
    value = Lcom/example/kilatdana/SplashActivity;->onCreate(Landroid/os/Bundle;)V
.end annotation

.annotation system Ldalvik/annotation/InnerClass;
    accessFlags = 0x0
    name = null
.end annotation


# instance fields
.field final synthetic this$0:Lcom/example/kilatdana/SplashActivity;


# direct methods
.method constructor <init>(Lcom/example/kilatdana/SplashActivity;)V
    .registers 2

    iput-object p1, p0, Lcom/example/kilatdana/SplashActivity$1;->this$0:Lcom/example/kilatdana/SplashActivity;
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method


# virtual methods
.method public onDenied(Ljava/util/List;Z)V
    .registers 6
    .annotation system Ldalvik/annotation/Signature;
        value = {
            "(",
            "Ljava/util/List<",
            "Ljava/lang/String;",
            ">;Z)V"
        }
    .end annotation
    # locals v0..v2 ; p0 = this, p1 = denied permissions, p2 = doNotAskAgain

    iget-object v0, p0, Lcom/example/kilatdana/SplashActivity$1;->this$0:Lcom/example/kilatdana/SplashActivity;
    const-string v1, "\u8bf7\u6388\u4e88\u5168\u90e8\u6743\u9650\u540e\u518d\u4f7f\u7528"
    const/4 v2, 0x1
    invoke-static {v0, v1, v2}, Landroid/widget/Toast;->makeText(Landroid/content/Context;Ljava/lang/CharSequence;I)Landroid/widget/Toast;
    move-result-object v1
    invoke-virtual {v1}, Landroid/widget/Toast;->show()V

    invoke-virtual {v0}, Lcom/example/kilatdana/SplashActivity;->finish()V

    return-void
.end method

.method public onGranted(Ljava/util/List;Z)V
    .registers 6
    .annotation system Ldalvik/annotation/Signature;
        value = {
            "(",
            "Ljava/util/List<",
            "Ljava/lang/String;",
            ">;Z)V"
        }
    .end annotation
    # locals v0..v2 ; p0 = this, p1 = granted permissions, p2 = allGranted

    if-nez p2, :all
    return-void

    :all
    new-instance v0, Landroid/content/Intent;
    iget-object v1, p0, Lcom/example/kilatdana/SplashActivity$1;->this$0:Lcom/example/kilatdana/SplashActivity;
    const-class v2, Lcom/example/kilatdana/MainActivity;
    invoke-direct {v0, v1, v2}, Landroid/content/Intent;-><init>(Landroid/content/Context;Ljava/lang/Class;)V
    invoke-virtual {v1, v0}, Lcom/example/kilatdana/SplashActivity;->startActivity(Landroid/content/Intent;)V

    return-void
.end method
