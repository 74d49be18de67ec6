.class public final synthetic Lcom/example/selfiecash/SelfieActivity$$ExternalSyntheticLambda0;
.super Ljava/lang/Object;
.source "D8$$SyntheticClass"

# D8-synthesized SAM object for the ActivityResultCallback lambda in the property
# initializer; it forwards to SelfieActivity.cameraPermission$lambda$0.

# interfaces
.implements Landroidx/activity/result/ActivityResultCallback;


# instance fields
.field public final synthetic f$0:Lcom/example/selfiecash/SelfieActivity;


# direct methods
.method public synthetic constructor <init>(Lcom/example/selfiecash/SelfieActivity;)V
    .registers 2

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/selfiecash/SelfieActivity$$ExternalSyntheticLambda0;->f$0:Lcom/example/selfiecash/SelfieActivity;

    return-void
.end method


# virtual methods
.method public final onActivityResult(Ljava/lang/Object;)V
    .registers 3

    iget-object v0, p0, Lcom/example/selfiecash/SelfieActivity$$ExternalSyntheticLambda0;->f$0:Lcom/example/selfiecash/SelfieActivity;
    check-cast p1, Ljava/lang/Boolean;
    invoke-static {v0, p1}, Lcom/example/selfiecash/SelfieActivity;->cameraPermission$lambda$0(Lcom/example/selfiecash/SelfieActivity;Ljava/lang/Boolean;)V

    return-void
.end method
