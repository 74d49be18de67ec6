.class public final synthetic Lcom/example/selfiecash/ReferenceActivity$$ExternalSyntheticLambda0;
.super Ljava/lang/Object;
.source "D8$$SyntheticClass"

# D8-synthesized ActivityResultCallback for the javac lambda in ReferenceActivity's field
# initializer.

# interfaces
.implements Landroidx/activity/result/ActivityResultCallback;


# instance fields
.field public final synthetic f$0:Lcom/example/selfiecash/ReferenceActivity;


# direct methods
.method public synthetic constructor <init>(Lcom/example/selfiecash/ReferenceActivity;)V
    .registers 2

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/selfiecash/ReferenceActivity$$ExternalSyntheticLambda0;->f$0:Lcom/example/selfiecash/ReferenceActivity;

    return-void
.end method


# virtual methods
.method public final onActivityResult(Ljava/lang/Object;)V
    .registers 3

    iget-object v0, p0, Lcom/example/selfiecash/ReferenceActivity$$ExternalSyntheticLambda0;->f$0:Lcom/example/selfiecash/ReferenceActivity;
    check-cast p1, Ljava/util/Map;
    invoke-virtual {v0, p1}, Lcom/example/selfiecash/ReferenceActivity;->lambda$new$0$com-example-selfiecash-ReferenceActivity(Ljava/util/Map;)V

    return-void
.end method
