#ifndef BRUSHFIRE_CZLIB_SHIM_H
#define BRUSHFIRE_CZLIB_SHIM_H
#include <zlib.h>
#endif
