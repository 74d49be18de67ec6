.class public Lcom/example/selfiecash/ReferenceActivity;
.super Landroidx/appcompat/app/AppCompatActivity;
.source "ReferenceActivity.java"

# Shaped like javac + D8 output for:
#   private final ActivityResultLauncher<String[]> contactsPermissions =
#       registerForActivityResult(new RequestMultiplePermissions(), result -> {
#           if (!Boolean.TRUE.equals(result.get(READ_CONTACTS))) finish(); });
#   protected void onStart() { super.onStart();
#       contactsPermissions.launch(new String[]{READ_CONTACTS, READ_CALL_LOG}); }
# javac names a lambda written in a field initializer lambda$new$0 (the code runs in <init>).
# The result handler that closes the screen is that lambda, reached only through
# ReferenceActivity$$ExternalSyntheticLambda0.onActivityResult.


# instance fields
.field private final contactsPermissions:Landroidx/activity/result/ActivityResultLauncher;
    .annotation system Ldalvik/annotation/Signature;
        value = {
            "Landroidx/activity/result/ActivityResultLauncher<",
            "[",
            "Ljava/lang/String;",
            ">;"
        }
    .end annotation
.end field


# direct methods
.method public constructor <init>()V
    .registers 3
    # locals v0, v1 ; p0 = this

    invoke-direct {p0}, Landroidx/appcompat/app/AppCompatActivity;-><init>()V

    new-instance v0, Landroidx/activity/result/contract/ActivityResultContracts$RequestMultiplePermissions;
    invoke-direct {v0}, Landroidx/activity/result/contract/ActivityResultContracts$RequestMultiplePermissions;-><init>()V

    new-instance v1, Lcom/example/selfiecash/ReferenceActivity$$ExternalSyntheticLambda0;
    invoke-direct {v1, p0}, Lcom/example/selfiecash/ReferenceActivity$$ExternalSyntheticLambda0;-><init>(Lcom/example/selfiecash/ReferenceActivity;)V

    invoke-virtual {p0, v0, v1}, Lcom/example/selfiecash/ReferenceActivity;->registerForActivityResult(Landroidx/activity/result/contract/ActivityResultContract;Landroidx/activity/result/ActivityResultCallback;)Landroidx/activity/result/ActivityResultLauncher;
    move-result-object v0
    iput-object v0, p0, Lcom/example/selfiecash/ReferenceActivity;->contactsPermissions:Landroidx/activity/result/ActivityResultLauncher;

    return-void
.end method


# virtual methods
.method synthetic lambda$new$0$com-example-selfiecash-ReferenceActivity(Ljava/util/Map;)V
    .registers 4
    # locals v0, v1 ; p0 = this, p1 = result map (permission -> granted)
    # (javac: private lambda$new$0; D8 (AGP 7+) drops 'private' and appends the dashed class name)

    const-string v0, "android.permission.READ_CONTACTS"
    invoke-interface {p1, v0}, Ljava/util/Map;->get(Ljava/lang/Object;)Ljava/lang/Object;
    move-result-object v0
    sget-object v1, Ljava/lang/Boolean;->TRUE:Ljava/lang/Boolean;
    invoke-virtual {v1, v0}, Ljava/lang/Boolean;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-nez v0, :granted

    invoke-virtual {p0}, Lcom/example/selfiecash/ReferenceActivity;->finish()V

    :granted
    return-void
.end method

.method protected onStart()V
    .registers 5
    # locals v0..v3 ; p0 = this

    invoke-super {p0}, Landroidx/appcompat/app/AppCompatActivity;->onStart()V

    iget-object v0, p0, Lcom/example/selfiecash/ReferenceActivity;->contactsPermissions:Landroidx/activity/result/ActivityResultLauncher;

    const/4 v1, 0x2
    new-array v1, v1, [Ljava/lang/String;
    const/4 v2, 0x0
    const-string v3, "android.permission.READ_CONTACTS"
    aput-object v3, v1, v2
    const/4 v2, 0x1
    const-string v3, "android.permission.READ_CALL_LOG"
    aput-object v3, v1, v2

    invoke-virtual {v0, v1}, Landroidx/activity/result/ActivityResultLauncher;->launch(Ljava/lang/Object;)V

    return-void
.end method
