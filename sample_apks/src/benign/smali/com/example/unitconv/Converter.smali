.class public final Lcom/example/unitconv/Converter;
.super Ljava/lang/Object;
.source "Converter.java"

# Integer unit conversions.


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

# F = C * 9 / 5 + 32
.method public static celsiusToFahrenheit(I)I
    .registers 2
    # local v0 ; p0 = celsius

    mul-int/lit8 v0, p0, 0x9
    div-int/lit8 v0, v0, 0x5
    add-int/lit8 v0, v0, 0x20

    return v0
.end method

.method public static kilometresToMetres(I)I
    .registers 2
    # local v0 ; p0 = kilometres

    mul-int/lit16 v0, p0, 0x3e8

    return v0
.end method
