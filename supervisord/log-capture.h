/* log-capture.h: services' output captured through pipes, split into lines, kept per unit. (being written) */
#pragma once
