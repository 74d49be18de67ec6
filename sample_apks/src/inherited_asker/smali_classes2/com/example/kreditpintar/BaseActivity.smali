.class public abstract Lcom/example/kreditpintar/BaseActivity;
.super Landroidx/appcompat/app/AppCompatActivity;
.source "BaseActivity.java"

# The app's own base screen, defined in the APK (in classes2.dex, while its subclasses are
# in classes.dex: the hierarchy spans dex files). Its superclass
# androidx.appcompat.app.AppCompatActivity is referenced only (not bundled here),
# so a resolver must continue the chain from knowledge data:
# AppCompatActivity -> FragmentActivity -> androidx ComponentActivity ->
# androidx.core ComponentActivity -> android.app.Activity.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroidx/appcompat/app/AppCompatActivity;-><init>()V

    return-void
.end method


# virtual methods
.method protected toast(Ljava/lang/String;)V
    .registers 4
    # local v0 ; p0 = this, p1 = text

    const/4 v0, 0x0
    invoke-static {p0, p1, v0}, Landroid/widget/Toast;->makeText(Landroid/content/Context;Ljava/lang/CharSequence;I)Landroid/widget/Toast;
    move-result-object v0
    invoke-virtual {v0}, Landroid/widget/Toast;->show()V

    return-void
.end method
