.class public final synthetic Lcom/example/kwikrupee/MainActivity$$ExternalSyntheticLambda0;
.super Ljava/lang/Object;
.source "D8$$SyntheticClass"

# D8-synthesized View.OnClickListener for the click lambda in MainActivity.onCreate.

# interfaces
.implements Landroid/view/View$OnClickListener;


# instance fields
.field public final synthetic f$0:Lcom/example/kwikrupee/MainActivity;


# direct methods
.method public synthetic constructor <init>(Lcom/example/kwikrupee/MainActivity;)V
    .registers 2

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/kwikrupee/MainActivity$$ExternalSyntheticLambda0;->f$0:Lcom/example/kwikrupee/MainActivity;

    return-void
.end method


# virtual methods
.method public final onClick(Landroid/view/View;)V
    .registers 3

    iget-object v0, p0, Lcom/example/kwikrupee/MainActivity$$ExternalSyntheticLambda0;->f$0:Lcom/example/kwikrupee/MainActivity;
    invoke-static {v0, p1}, Lcom/example/kwikrupee/MainActivity;->onCreate$lambda$0(Lcom/example/kwikrupee/MainActivity;Landroid/view/View;)V

    return-void
.end method
