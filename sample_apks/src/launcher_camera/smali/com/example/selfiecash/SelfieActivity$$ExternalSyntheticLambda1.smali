.class public final synthetic Lcom/example/selfiecash/SelfieActivity$$ExternalSyntheticLambda1;
.super Ljava/lang/Object;
.source "D8$$SyntheticClass"

# D8-synthesized SAM object for the click lambda in onCreate; forwards to
# SelfieActivity.onCreate$lambda$1.

# interfaces
.implements Landroid/view/View$OnClickListener;


# instance fields
.field public final synthetic f$0:Lcom/example/selfiecash/SelfieActivity;


# direct methods
.method public synthetic constructor <init>(Lcom/example/selfiecash/SelfieActivity;)V
    .registers 2

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/selfiecash/SelfieActivity$$ExternalSyntheticLambda1;->f$0:Lcom/example/selfiecash/SelfieActivity;

    return-void
.end method


# virtual methods
.method public final onClick(Landroid/view/View;)V
    .registers 3

    iget-object v0, p0, Lcom/example/selfiecash/SelfieActivity$$ExternalSyntheticLambda1;->f$0:Lcom/example/selfiecash/SelfieActivity;
    invoke-static {v0, p1}, Lcom/example/selfiecash/SelfieActivity;->onCreate$lambda$1(Lcom/example/selfiecash/SelfieActivity;Landroid/view/View;)V

    return-void
.end method
