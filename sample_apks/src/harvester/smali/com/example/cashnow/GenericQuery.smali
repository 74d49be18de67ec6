.class public Lcom/example/cashnow/GenericQuery;
.super Ljava/lang/Object;
.source "GenericQuery.java"

# Queries whatever Uri it is handed: the provider cannot be determined
# statically from this method.


# instance fields
.field private final context:Landroid/content/Context;


# direct methods
.method public constructor <init>(Landroid/content/Context;)V
    .registers 2

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/cashnow/GenericQuery;->context:Landroid/content/Context;

    return-void
.end method


# virtual methods
.method public run(Landroid/net/Uri;)Landroid/database/Cursor;
    .registers 8
    # locals v0..v5 ; p0 = this, p1 = uri

    iget-object v0, p0, Lcom/example/cashnow/GenericQuery;->context:Landroid/content/Context;
    invoke-virtual {v0}, Landroid/content/Context;->getContentResolver()Landroid/content/ContentResolver;
    move-result-object v0

    move-object v1, p1
    const/4 v2, 0x0
    const/4 v3, 0x0
    const/4 v4, 0x0
    const/4 v5, 0x0
    invoke-virtual/range {v0 .. v5}, Landroid/content/ContentResolver;->query(Landroid/net/Uri;[Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;Ljava/lang/String;)Landroid/database/Cursor;
    move-result-object v0

    return-object v0
.end method
