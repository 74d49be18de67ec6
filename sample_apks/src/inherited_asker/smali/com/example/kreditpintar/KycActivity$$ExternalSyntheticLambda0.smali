.class public final synthetic Lcom/example/kreditpintar/KycActivity$$ExternalSyntheticLambda0;
.super Ljava/lang/Object;
.source "D8$$SyntheticClass"

# Shaped like the class D8 (AGP 7+) synthesizes for a javac lambda: no EnclosingMethod or
# InnerClass annotation; the only link to the source is the call in onClick.

# interfaces
.implements Landroid/view/View$OnClickListener;


# instance fields
.field public final synthetic f$0:Lcom/example/kreditpintar/KycActivity;


# direct methods
.method public synthetic constructor <init>(Lcom/example/kreditpintar/KycActivity;)V
    .registers 2

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/kreditpintar/KycActivity$$ExternalSyntheticLambda0;->f$0:Lcom/example/kreditpintar/KycActivity;

    return-void
.end method


# virtual methods
.method public final onClick(Landroid/view/View;)V
    .registers 3

    iget-object v0, p0, Lcom/example/kreditpintar/KycActivity$$ExternalSyntheticLambda0;->f$0:Lcom/example/kreditpintar/KycActivity;
    invoke-virtual {v0, p1}, Lcom/example/kreditpintar/KycActivity;->lambda$onCreate$0$com-example-kreditpintar-KycActivity(Landroid/view/View;)V

    return-void
.end method
