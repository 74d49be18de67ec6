.class public Lcom/example/kilatdana/SplashActivity;
.super Landroid/app/Activity;
.source "SplashActivity.java"

# Launcher. Shaped like javac output (library used as documented in its README):
#   XXPermissions.with(this)
#       .permission(Permission.Group.CONTACTS)
#       .permission(Permission.READ_PHONE_STATE)
#       .request(new OnPermissionCallback() { ... });
# Permission.READ_PHONE_STATE is a String constant, so javac inlines it (const-string);
# Permission.Group.CONTACTS is a String[] and stays a field read (sget-object).


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

    invoke-static {p0}, Lcom/hjq/permissions/XXPermissions;->with(Landroid/content/Context;)Lcom/hjq/permissions/XXPermissions;
    move-result-object v0

    sget-object v1, Lcom/hjq/permissions/Permission$Group;->CONTACTS:[Ljava/lang/String;
    invoke-virtual {v0, v1}, Lcom/hjq/permissions/XXPermissions;->permission([Ljava/lang/String;)Lcom/hjq/permissions/XXPermissions;
    move-result-object v0

    const-string v1, "android.permission.READ_PHONE_STATE"
    invoke-virtual {v0, v1}, Lcom/hjq/permissions/XXPermissions;->permission(Ljava/lang/String;)Lcom/hjq/permissions/XXPermissions;
    move-result-object v0

    new-instance v1, Lcom/example/kilatdana/SplashActivity$1;
    invoke-direct {v1, p0}, Lcom/example/kilatdana/SplashActivity$1;-><init>(Lcom/example/kilatdana/SplashActivity;)V
    invoke-virtual {v0, v1}, Lcom/hjq/permissions/XXPermissions;->request(Lcom/hjq/permissions/OnPermissionCallback;)V

    return-void
.end method
