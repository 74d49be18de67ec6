.class public final Lcom/hjq/permissions/Permission$Group;
.super Ljava/lang/Object;
.source "Permission.java"

# Test stub of XXPermissions' Permission.Group. The groups are String[] fields filled in
# <clinit>; an app passes them by reference (sget-object), so the permission names are
# only visible here, not in the calling method. Member class: EnclosingClass + InnerClass
# (name "Group") annotations, and MemberClasses on the outer Permission.


# annotations
.annotation system Ldalvik/annotation/EnclosingClass;
    value = Lcom/hjq/permissions/Permission;
.end annotation

.annotation system Ldalvik/annotation/InnerClass;
    accessFlags = 0x19
    name = "Group"
.end annotation


# static fields
.field public static final CONTACTS:[Ljava/lang/String;

.field public static final LOCATION:[Ljava/lang/String;


# direct methods
.method static constructor <clinit>()V
    .registers 3

    const-string v0, "android.permission.READ_CONTACTS"
    const-string v1, "android.permission.WRITE_CONTACTS"
    const-string v2, "android.permission.GET_ACCOUNTS"
    filled-new-array {v0, v1, v2}, [Ljava/lang/String;
    move-result-object v0
    sput-object v0, Lcom/hjq/permissions/Permission$Group;->CONTACTS:[Ljava/lang/String;

    const-string v0, "android.permission.ACCESS_FINE_LOCATION"
    const-string v1, "android.permission.ACCESS_COARSE_LOCATION"
    filled-new-array {v0, v1}, [Ljava/lang/String;
    move-result-object v0
    sput-object v0, Lcom/hjq/permissions/Permission$Group;->LOCATION:[Ljava/lang/String;

    return-void
.end method

.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method
