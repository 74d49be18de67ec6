.class public final Lcom/example/selfiecash/SelfieActivity;
.super Landroidx/appcompat/app/AppCompatActivity;
.source "SelfieActivity.kt"

# Shaped like kotlinc (1.8+, SAM lambdas via invokedynamic) + D8 output for:
#   private val cameraPermission = registerForActivityResult(RequestPermission()) { granted -> ... }
#   override fun onCreate(b: Bundle?) { ...; button.setOnClickListener { cameraPermission.launch(CAMERA) } }
# The contract is created and registered in <init> (property initializer); the permission
# name appears only at the launch site, in the click lambda onCreate$lambda$1. The launcher
# field links the two methods.


# instance fields
.field private final cameraPermission:Landroidx/activity/result/ActivityResultLauncher;
    .annotation system Ldalvik/annotation/Signature;
        value = {
            "Landroidx/activity/result/ActivityResultLauncher<",
            "Ljava/lang/String;",
            ">;"
        }
    .end annotation
.end field

.field private camera:Landroid/hardware/Camera;


# direct methods
.method public constructor <init>()V
    .registers 3
    # locals v0, v1 ; p0 = this

    invoke-direct {p0}, Landroidx/appcompat/app/AppCompatActivity;-><init>()V

    new-instance v0, Landroidx/activity/result/contract/ActivityResultContracts$RequestPermission;
    invoke-direct {v0}, Landroidx/activity/result/contract/ActivityResultContracts$RequestPermission;-><init>()V
    check-cast v0, Landroidx/activity/result/contract/ActivityResultContract;

    new-instance v1, Lcom/example/selfiecash/SelfieActivity$$ExternalSyntheticLambda0;
    invoke-direct {v1, p0}, Lcom/example/selfiecash/SelfieActivity$$ExternalSyntheticLambda0;-><init>(Lcom/example/selfiecash/SelfieActivity;)V

    invoke-virtual {p0, v0, v1}, Lcom/example/selfiecash/SelfieActivity;->registerForActivityResult(Landroidx/activity/result/contract/ActivityResultContract;Landroidx/activity/result/ActivityResultCallback;)Landroidx/activity/result/ActivityResultLauncher;
    move-result-object v0
    const-string v1, "registerForActivityResult(...)"
    invoke-static {v0, v1}, Lkotlin/jvm/internal/Intrinsics;->checkNotNullExpressionValue(Ljava/lang/Object;Ljava/lang/String;)V
    iput-object v0, p0, Lcom/example/selfiecash/SelfieActivity;->cameraPermission:Landroidx/activity/result/ActivityResultLauncher;

    return-void
.end method

.method static final synthetic cameraPermission$lambda$0(Lcom/example/selfiecash/SelfieActivity;Ljava/lang/Boolean;)V
    .registers 4
    # locals v0, v1 ; p0 = this$0, p1 = granted
    # The ActivityResultCallback body: explains and stays open when refused.

    const-string v0, "this$0"
    invoke-static {p0, v0}, Lkotlin/jvm/internal/Intrinsics;->checkNotNullParameter(Ljava/lang/Object;Ljava/lang/String;)V

    invoke-virtual {p1}, Ljava/lang/Boolean;->booleanValue()Z
    move-result v0
    if-eqz v0, :denied

    invoke-direct {p0}, Lcom/example/selfiecash/SelfieActivity;->openCamera()V
    return-void

    :denied
    move-object v0, p0
    check-cast v0, Landroid/content/Context;
    const-string v1, "Kamera hanya untuk swafoto. / \u76f8\u673a\u4ec5\u7528\u4e8e\u81ea\u62cd\u3002"
    check-cast v1, Ljava/lang/CharSequence;
    const/4 p1, 0x1
    invoke-static {v0, v1, p1}, Landroid/widget/Toast;->makeText(Landroid/content/Context;Ljava/lang/CharSequence;I)Landroid/widget/Toast;
    move-result-object v0
    invoke-virtual {v0}, Landroid/widget/Toast;->show()V

    return-void
.end method

.method static final synthetic onCreate$lambda$1(Lcom/example/selfiecash/SelfieActivity;Landroid/view/View;)V
    .registers 4
    # locals v0, v1 ; p0 = this$0, p1 = clicked view
    # cameraPermission.launch(Manifest.permission.CAMERA)

    const-string v0, "this$0"
    invoke-static {p0, v0}, Lkotlin/jvm/internal/Intrinsics;->checkNotNullParameter(Ljava/lang/Object;Ljava/lang/String;)V

    iget-object v0, p0, Lcom/example/selfiecash/SelfieActivity;->cameraPermission:Landroidx/activity/result/ActivityResultLauncher;
    const-string v1, "android.permission.CAMERA"
    invoke-virtual {v0, v1}, Landroidx/activity/result/ActivityResultLauncher;->launch(Ljava/lang/Object;)V

    return-void
.end method

.method private final openCamera()V
    .registers 2
    # local v0 ; p0 = this

    iget-object v0, p0, Lcom/example/selfiecash/SelfieActivity;->camera:Landroid/hardware/Camera;
    if-nez v0, :done
    invoke-static {}, Landroid/hardware/Camera;->open()Landroid/hardware/Camera;
    move-result-object v0
    iput-object v0, p0, Lcom/example/selfiecash/SelfieActivity;->camera:Landroid/hardware/Camera;

    :done
    return-void
.end method


# virtual methods
.method protected onCreate(Landroid/os/Bundle;)V
    .registers 4
    # locals v0, v1 ; p0 = this, p1 = savedInstanceState

    invoke-super {p0, p1}, Landroidx/appcompat/app/AppCompatActivity;->onCreate(Landroid/os/Bundle;)V

    new-instance v0, Landroid/widget/Button;
    move-object v1, p0
    check-cast v1, Landroid/content/Context;
    invoke-direct {v0, v1}, Landroid/widget/Button;-><init>(Landroid/content/Context;)V
    const-string v1, "Ambil swafoto / \u62cd\u6444\u81ea\u62cd"
    check-cast v1, Ljava/lang/CharSequence;
    invoke-virtual {v0, v1}, Landroid/widget/Button;->setText(Ljava/lang/CharSequence;)V

    new-instance v1, Lcom/example/selfiecash/SelfieActivity$$ExternalSyntheticLambda1;
    invoke-direct {v1, p0}, Lcom/example/selfiecash/SelfieActivity$$ExternalSyntheticLambda1;-><init>(Lcom/example/selfiecash/SelfieActivity;)V
    invoke-virtual {v0, v1}, Landroid/widget/Button;->setOnClickListener(Landroid/view/View$OnClickListener;)V

    check-cast v0, Landroid/view/View;
    invoke-virtual {p0, v0}, Lcom/example/selfiecash/SelfieActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method
