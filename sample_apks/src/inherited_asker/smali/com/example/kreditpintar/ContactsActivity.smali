.class public Lcom/example/kreditpintar/ContactsActivity;
.super Lcom/example/kreditpintar/BaseActivity;
.source "ContactsActivity.java"

# Hosts ContactsFragment (emergency-contact step of the loan form).


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Lcom/example/kreditpintar/BaseActivity;-><init>()V

    return-void
.end method


# virtual methods
.method protected onCreate(Landroid/os/Bundle;)V
    .registers 5
    # locals v0..v2 ; p0 = this, p1 = savedInstanceState

    invoke-super {p0, p1}, Lcom/example/kreditpintar/BaseActivity;->onCreate(Landroid/os/Bundle;)V

    invoke-virtual {p0}, Lcom/example/kreditpintar/ContactsActivity;->getSupportFragmentManager()Landroidx/fragment/app/FragmentManager;
    move-result-object v0
    invoke-virtual {v0}, Landroidx/fragment/app/FragmentManager;->beginTransaction()Landroidx/fragment/app/FragmentTransaction;
    move-result-object v0

    new-instance v1, Lcom/example/kreditpintar/ContactsFragment;
    invoke-direct {v1}, Lcom/example/kreditpintar/ContactsFragment;-><init>()V

    # android.R.id.content
    const v2, 0x1020002
    invoke-virtual {v0, v2, v1}, Landroidx/fragment/app/FragmentTransaction;->add(ILandroidx/fragment/app/Fragment;)Landroidx/fragment/app/FragmentTransaction;
    move-result-object v0
    invoke-virtual {v0}, Landroidx/fragment/app/FragmentTransaction;->commit()I

    return-void
.end method
