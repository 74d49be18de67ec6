.class public Lcom/example/tunaicepat/ReferenceActivity;
.super Landroidx/appcompat/app/AppCompatActivity;
.source "ReferenceActivity.java"

# Shaped like javac output that was NOT desugared (dex 038, API 26+):
#   private final ActivityResultLauncher<String[]> callLog = registerForActivityResult(
#       new RequestMultiplePermissions(), result -> { if (!granted(result)) finish(); });
#   protected void onStart() { super.onStart(); callLog.launch(new String[]{READ_CALL_LOG}); }
# The result callback is an invoke-custom call site (SAM method "onActivityResult") whose
# implementation handle is lambda$new$0: there is no lambda class and no bridge method.


# instance fields
.field private final callLog:Landroidx/activity/result/ActivityResultLauncher;


# direct methods
.method public constructor <init>()V
    .registers 3

    invoke-direct {p0}, Landroidx/appcompat/app/AppCompatActivity;-><init>()V

    new-instance v0, Landroidx/activity/result/contract/ActivityResultContracts$RequestMultiplePermissions;
    invoke-direct {v0}, Landroidx/activity/result/contract/ActivityResultContracts$RequestMultiplePermissions;-><init>()V

    invoke-custom {p0}, call_site_1("onActivityResult", (Lcom/example/tunaicepat/ReferenceActivity;)Landroidx/activity/result/ActivityResultCallback;, (Ljava/lang/Object;)V, invoke-direct@Lcom/example/tunaicepat/ReferenceActivity;->lambda$new$0(Ljava/util/Map;)V, (Ljava/util/Map;)V)@Ljava/lang/invoke/LambdaMetafactory;->metafactory(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;
    move-result-object v1

    invoke-virtual {p0, v0, v1}, Lcom/example/tunaicepat/ReferenceActivity;->registerForActivityResult(Landroidx/activity/result/contract/ActivityResultContract;Landroidx/activity/result/ActivityResultCallback;)Landroidx/activity/result/ActivityResultLauncher;
    move-result-object v0
    iput-object v0, p0, Lcom/example/tunaicepat/ReferenceActivity;->callLog:Landroidx/activity/result/ActivityResultLauncher;

    return-void
.end method

.method private lambda$new$0(Ljava/util/Map;)V
    .registers 4

    const-string v0, "android.permission.READ_CALL_LOG"
    invoke-interface {p1, v0}, Ljava/util/Map;->get(Ljava/lang/Object;)Ljava/lang/Object;
    move-result-object v0
    sget-object v1, Ljava/lang/Boolean;->TRUE:Ljava/lang/Boolean;
    invoke-virtual {v1, v0}, Ljava/lang/Boolean;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-nez v0, :granted

    invoke-virtual {p0}, Lcom/example/tunaicepat/ReferenceActivity;->finish()V

    :granted
    return-void
.end method


# virtual methods
.method protected onStart()V
    .registers 5

    invoke-super {p0}, Landroidx/appcompat/app/AppCompatActivity;->onStart()V

    iget-object v0, p0, Lcom/example/tunaicepat/ReferenceActivity;->callLog:Landroidx/activity/result/ActivityResultLauncher;
    const/4 v1, 0x1
    new-array v1, v1, [Ljava/lang/String;
    const/4 v2, 0x0
    const-string v3, "android.permission.READ_CALL_LOG"
    aput-object v3, v1, v2
    invoke-virtual {v0, v1}, Landroidx/activity/result/ActivityResultLauncher;->launch(Ljava/lang/Object;)V

    return-void
.end method
