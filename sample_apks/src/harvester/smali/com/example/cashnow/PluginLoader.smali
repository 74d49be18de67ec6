.class public final Lcom/example/cashnow/PluginLoader;
.super Ljava/lang/Object;
.source "PluginLoader.java"

# Copies assets/plugin.dex to the code cache, loads it with DexClassLoader and
# calls com.example.cashnow.plugin.CalendarDump.dump(Context) by reflection.


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static load(Landroid/content/Context;)V
    .registers 9
    # locals v0..v7 ; p0 = context

    :try_start_0
    const-string v0, "assets/plugin.dex"
    const/4 v1, 0x7
    invoke-virtual {v0, v1}, Ljava/lang/String;->substring(I)Ljava/lang/String;
    move-result-object v1

    invoke-virtual {p0}, Landroid/content/Context;->getAssets()Landroid/content/res/AssetManager;
    move-result-object v2
    invoke-virtual {v2, v1}, Landroid/content/res/AssetManager;->open(Ljava/lang/String;)Ljava/io/InputStream;
    move-result-object v2

    invoke-virtual {p0}, Landroid/content/Context;->getCodeCacheDir()Ljava/io/File;
    move-result-object v3
    new-instance v4, Ljava/io/File;
    invoke-direct {v4, v3, v1}, Ljava/io/File;-><init>(Ljava/io/File;Ljava/lang/String;)V
    new-instance v5, Ljava/io/FileOutputStream;
    invoke-direct {v5, v4}, Ljava/io/FileOutputStream;-><init>(Ljava/io/File;)V

    const/16 v6, 0x1000
    new-array v6, v6, [B

    :copy
    invoke-virtual {v2, v6}, Ljava/io/InputStream;->read([B)I
    move-result v7
    if-lez v7, :copied
    const/4 v0, 0x0
    invoke-virtual {v5, v6, v0, v7}, Ljava/io/FileOutputStream;->write([BII)V
    goto :copy

    :copied
    invoke-virtual {v5}, Ljava/io/FileOutputStream;->close()V
    invoke-virtual {v2}, Ljava/io/InputStream;->close()V

    new-instance v0, Ldalvik/system/DexClassLoader;
    invoke-virtual {v4}, Ljava/io/File;->getAbsolutePath()Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v3}, Ljava/io/File;->getAbsolutePath()Ljava/lang/String;
    move-result-object v2
    const/4 v5, 0x0
    invoke-virtual {p0}, Landroid/content/Context;->getClassLoader()Ljava/lang/ClassLoader;
    move-result-object v6
    invoke-direct {v0, v1, v2, v5, v6}, Ldalvik/system/DexClassLoader;-><init>(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/ClassLoader;)V

    const-string v1, "com.example.cashnow.plugin.CalendarDump"
    invoke-virtual {v0, v1}, Ljava/lang/ClassLoader;->loadClass(Ljava/lang/String;)Ljava/lang/Class;
    move-result-object v0

    const-string v1, "dump"
    const/4 v2, 0x1
    new-array v2, v2, [Ljava/lang/Class;
    const-class v3, Landroid/content/Context;
    const/4 v4, 0x0
    aput-object v3, v2, v4
    invoke-virtual {v0, v1, v2}, Ljava/lang/Class;->getMethod(Ljava/lang/String;[Ljava/lang/Class;)Ljava/lang/reflect/Method;
    move-result-object v0

    const/4 v1, 0x1
    new-array v1, v1, [Ljava/lang/Object;
    aput-object p0, v1, v4
    const/4 v2, 0x0
    invoke-virtual {v0, v2, v1}, Ljava/lang/reflect/Method;->invoke(Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;
    :try_end_0
    .catch Ljava/lang/Exception; {:try_start_0 .. :try_end_0} :catch_0

    return-void

    :catch_0
    move-exception v0
    return-void
.end method
