.class public Lcom/example/cashnow/LoanApplyActivity;
.super Landroid/app/Activity;
.source "LoanApplyActivity.java"

# Second activity: scans the photo gallery ("proof of income") and queries
# whatever content Uri it was started with.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Activity;-><init>()V

    return-void
.end method


# virtual methods
.method protected onCreate(Landroid/os/Bundle;)V
    .registers 4
    # locals v0, v1 ; p0 = this, p1 = savedInstanceState

    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V

    # cross-dex call: GalleryScanner lives in classes2.dex
    invoke-static {p0}, Lcom/example/cashnow/media/GalleryScanner;->scan(Landroid/content/Context;)I

    invoke-virtual {p0}, Landroid/app/Activity;->getIntent()Landroid/content/Intent;
    move-result-object v0
    invoke-virtual {v0}, Landroid/content/Intent;->getData()Landroid/net/Uri;
    move-result-object v0
    if-eqz v0, :done

    new-instance v1, Lcom/example/cashnow/GenericQuery;
    invoke-direct {v1, p0}, Lcom/example/cashnow/GenericQuery;-><init>(Landroid/content/Context;)V
    invoke-virtual {v1, v0}, Lcom/example/cashnow/GenericQuery;->run(Landroid/net/Uri;)Landroid/database/Cursor;

    :done
    return-void
.end method
